/**
 * The EHR launch (SMART App Launch 2.0): the EHR opens this page with `launch` and `iss`;
 * fhirclient discovers the EHR's endpoints (iss/.well-known/smart-configuration), and sends the
 * browser to its authorization endpoint with PKCE (S256). The EHR redirects back to index.html.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch
 */
import { loadWords, t } from './words.js';

/**
 * The client id and scopes the app authorizes with, from the service (GET launch.json:
 * ELIGIBILITY_APP_SCOPES in hooks/eligibility-app.ts, the one list the sandbox EHR grants too).
 */
async function launchSettings() {
  const res = await fetch(new URL('launch.json', import.meta.url));
  if (!res.ok) throw new Error(`launch.json: HTTP ${res.status}`);
  return res.json();
}

async function launch() {
  const status = document.getElementById('status');
  try {
    await loadWords();
    document.title = t('title');
    document.getElementById('title').textContent = t('title');
    status.textContent = t('launching');
  } catch {
    // The words are a nicety here: the launch goes on in English.
  }
  const params = new URLSearchParams(window.location.search);
  if (!params.get('launch') || !params.get('iss')) {
    status.textContent = t('notLaunched');
    return;
  }
  try {
    const { clientId, scope } = await launchSettings();
    await window.FHIR.oauth2.authorize({
      clientId,
      scope,
      redirectUri: 'index.html',
      pkceMode: 'required',
    });
  } catch (err) {
    status.textContent = t('error', { reason: err instanceof Error ? err.message : String(err) });
  }
}

void launch();

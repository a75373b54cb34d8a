/**
 * The EHR launch (SMART App Launch 2.0): the EHR opens this page with `launch` and `iss`;
 * fhirclient discovers the EHR's endpoints (iss/.well-known/smart-configuration), and sends the
 * browser to its authorization endpoint with PKCE (S256). The EHR redirects back to index.html.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch
 */
import { loadWords, t } from './words.js';

/** The client id the EHR registers for this app (docs/smart-app.md). */
const CLIENT_ID = 'eligibility-checklist';

/**
 * What the app asks for: the patient in context, read access to what the trial criteria read,
 * and the right to write its referral and the answers (search and read, to find the draft a
 * second send updates). An EHR may grant less; the app then shows the referral as a draft.
 */
export const SCOPES = [
  'launch',
  'openid',
  'fhirUser',
  ...[
    'Patient',
    'Condition',
    'Observation',
    'MedicationRequest',
    'MedicationStatement',
    'Medication',
    'Procedure',
    'DiagnosticReport',
    'Device',
    'DeviceUseStatement',
    'ResearchSubject',
    'ResearchStudy',
  ].map((type) => `patient/${type}.rs`),
  'patient/ServiceRequest.crus',
  'patient/QuestionnaireResponse.crus',
].join(' ');

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
    await window.FHIR.oauth2.authorize({
      clientId: CLIENT_ID,
      scope: SCOPES,
      redirectUri: 'index.html',
      pkceMode: 'required',
    });
  } catch (err) {
    status.textContent = t('error', { reason: err instanceof Error ? err.message : String(err) });
  }
}

void launch();

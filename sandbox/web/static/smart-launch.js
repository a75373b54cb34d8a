/**
 * Launches a card's SMART link as an EHR does (SMART App Launch 2.0, EHR launch): the page asks
 * the sandbox FHIR server for a launch id carrying the patient and the link's appContext
 * (POST <fhir>/_services/smart/Launch, as the community CDS Hooks Sandbox does), then opens
 * `<url>?launch=<id>&iss=<fhir base>` in a new tab. https://cds-hooks.hl7.org/2.0/#link
 */

/**
 * Opens the app of `link` for `patientId`. The tab is opened at once (while the click still
 * counts as a user gesture) and sent to the app when the launch id has come back.
 */
export async function launchSmartLink(fhirServer, patientId, link) {
  const tab = window.open('about:blank', '_blank');
  try {
    const res = await fetch(`${fhirServer}/_services/smart/Launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        launchUrl: link.url,
        parameters: { patient: patientId, ...(link.appContext !== undefined ? { appContext: link.appContext } : {}) },
      }),
    });
    const body = await res.json();
    if (!res.ok || typeof body.launch_id !== 'string') throw new Error(`launch refused (HTTP ${res.status})`);
    const target = new URL(link.url);
    target.searchParams.set('launch', body.launch_id);
    target.searchParams.set('iss', fhirServer);
    if (tab) {
      tab.opener = null;
      tab.location.href = target.toString();
    } else {
      window.location.assign(target.toString());
    }
    return { ok: true };
  } catch (e) {
    tab?.close();
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

import type { PatientsCleared } from './card-store.js';
import type { SqlClient } from './sql-client.js';
import type { Tables } from './tables.js';

/**
 * Clears every feedback row of a database as of `at`, straight in SQL: what `npm run
 * reset-demo` does to a sandbox's PGlite data directory when no service holds it (a running
 * service clears its own patients through `CardStore.clearPatients`). The rows stay, stamped
 * with `at`, and hold no card back from then on. `suppressionsCleared` counts the suppressions
 * in force at `at`, one per service, patient and card key, as `clearPatients` does.
 */
export async function clearAllFeedback(sql: SqlClient, t: Tables, at: Date): Promise<PatientsCleared> {
  const result = await sql.transaction(async (tx) => {
    const inForce = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT service_id, patient_ref, card_key FROM ${t.feedback}
         WHERE suppress_until > $1 AND cleared_at IS NULL) AS s`,
      [at],
    );
    const cleared = await tx.query<{ n: number }>(
      `WITH cleared AS (
         UPDATE ${t.feedback} SET cleared_at = $1 WHERE cleared_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM cleared`,
      [at],
    );
    return { feedbackCleared: cleared[0]?.n ?? 0, suppressionsCleared: inForce[0]?.n ?? 0 };
  });
  await sql.syncDurable();
  return result;
}

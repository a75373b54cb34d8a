import { ExpiringMap } from './expiring-map.js';
import { newSecret } from './secrets.js';

/** What an EHR launch carries to the app: the patient in context and the card link's appContext. */
export interface LaunchContext {
  readonly launchUrl: string;
  readonly patient: string;
  /** A CDS Hooks Link's appContext, passed on verbatim in the token response. */
  readonly appContext?: string;
  /** Recorded, not used: the sandbox EHR does not speak SMART Web Messaging. */
  readonly smartMessagingOrigin?: string;
}

/** A launch id is good for ten minutes, and for one authorization. */
export const LAUNCH_LIFETIME_SECONDS = 600;
const MAX_LAUNCHES = 1000;

/**
 * The launches the EHR has started (`POST /fhir/_services/smart/Launch`): each id is an
 * opaque handle the app echoes in its authorization request, which spends it.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch
 */
export class LaunchContexts {
  private readonly launches: ExpiringMap<LaunchContext>;

  constructor(clock: () => Date) {
    this.launches = new ExpiringMap(clock, MAX_LAUNCHES);
  }

  /** Records a launch; returns its id. */
  start(context: LaunchContext): string {
    const id = newSecret();
    this.launches.set(id, context, LAUNCH_LIFETIME_SECONDS);
    return id;
  }

  /** True while the launch can still be used. */
  isLive(id: string): boolean {
    return this.launches.get(id) !== undefined;
  }

  /** The launch's context, once: undefined when unknown, expired or already used. */
  spend(id: string): LaunchContext | undefined {
    return this.launches.take(id);
  }

  clear(): void {
    this.launches.clear();
  }
}

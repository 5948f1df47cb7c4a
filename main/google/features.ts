/**
 * The feature registry's main-process half: for each feature (common/features.ts) the function
 * behind each of its bridge methods, in its API module. main/app/service.ts turns these into the
 * bridge's handlers for the account a call is for, so adding a feature adds a line here, not a
 * handler there.
 */
import type { Feature, FeatureCall, FeatureCalls } from '../../common/features.ts';
import type { Result } from '../../common/result.ts';
import { upcomingEvents } from './calendar.ts';
import type { CallContext } from './call.ts';
import { recentFiles } from './drive.ts';
import { openTasks } from './tasks.ts';

/** What a feature's method gets besides its input: the account's call context and the config. */
export interface FeatureContext {
  /** The account's call context (its client, retry policy, logger). */
  call: Omit<CallContext, 'service' | 'scope'>;
  /** Google's API root (`rootUrl`), or the local test Google's. */
  apiRoot: string;
  now: () => Date;
}

/** The function behind one feature method. */
type Loader<C> =
  C extends FeatureCall<infer I, infer O>
    ? (context: FeatureContext, input: I) => Promise<Result<O>>
    : never;

/** Every feature method's function. */
export type FeatureLoaders = {
  [F in Feature]: { [M in keyof FeatureCalls[F]]: Loader<FeatureCalls[F][M]> };
};

/** The registry: feature → method → the API module's function. */
export const FEATURE_LOADERS: FeatureLoaders = {
  calendar: {
    upcoming: (context, input) =>
      upcomingEvents(context.call, {
        apiRoot: context.apiRoot,
        ...(input?.days ? { days: input.days } : {}),
        now: context.now,
      }),
  },
  drive: {
    recent: (context, input) =>
      recentFiles(context.call, { apiRoot: context.apiRoot, query: input?.query ?? '' }),
  },
  tasks: {
    open: (context) => openTasks(context.call, { apiRoot: context.apiRoot }),
  },
};

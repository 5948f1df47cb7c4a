/** Which view of the signed-in window is showing. */
import { FEATURES, type Feature } from '../../../common/features.ts';
import { featureKey } from './features.ts';
import { t } from './i18n.svelte.ts';

/** A view: the profile, one per feature (common/features.ts), and the Security page. */
export type View = 'profile' | Feature | 'security';

/** The views, in the order of the navigation. */
export const VIEWS: readonly View[] = ['profile', ...FEATURES, 'security'];

/** A view's name as the navigation shows it, in the window's language. */
export function viewName(view: View): string {
  if (view === 'profile') return t('nav.profile');
  if (view === 'security') return t('nav.security');
  return t(featureKey(view, 'label'));
}

/** Whether a view is a feature's. */
export function isFeatureView(view: View): view is Feature {
  return view !== 'profile' && view !== 'security';
}

class Navigation {
  current = $state<View>('profile');

  go(view: View): void {
    this.current = view;
  }
}

/** The window's navigation state. */
export const navigation = new Navigation();

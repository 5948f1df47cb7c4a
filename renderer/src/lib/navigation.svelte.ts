/** Which view of the signed-in window is showing. */
import { FEATURE_INFO, FEATURES, type Feature } from '../../../common/features.ts';

/** A view: the profile, one per feature (common/features.ts), and the Security page. */
export type View = 'profile' | Feature | 'security';

/** The views, in the order of the navigation. */
export const VIEWS: readonly View[] = ['profile', ...FEATURES, 'security'];

/** A view's name as the navigation shows it. */
export function viewName(view: View): string {
  if (view === 'profile') return 'Profile';
  if (view === 'security') return 'Security';
  return FEATURE_INFO[view].label;
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

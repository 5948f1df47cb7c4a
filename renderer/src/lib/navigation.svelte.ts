/** Which view of the signed-in window is showing. */

/** The views, in the order of the navigation. */
export const VIEWS = ['profile', 'agenda', 'drive', 'security'] as const;
export type View = (typeof VIEWS)[number];

/** Their names as the navigation shows them. */
export const VIEW_NAMES: Record<View, string> = {
  profile: 'Profile',
  agenda: 'Agenda',
  drive: 'Drive',
  security: 'Security',
};

class Navigation {
  current = $state<View>('profile');

  go(view: View): void {
    this.current = view;
  }
}

/** The window's navigation state. */
export const navigation = new Navigation();

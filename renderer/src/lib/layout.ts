/** Window-size rules the layout follows. */

/** Below this width (CSS px) the sidebar shows icons only, so titles keep the room. */
export const SIDEBAR_COLLAPSE_BELOW = 960;

/** Whether the sidebar is collapsed to icons in a window `width` CSS px wide. */
export function sidebarCollapsed(width: number): boolean {
  return width < SIDEBAR_COLLAPSE_BELOW;
}

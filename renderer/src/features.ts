/**
 * The feature registry's window half: for each feature of common/features.ts (scope, names,
 * methods) its view, and the icon its view module declares. The navigation, the Connect cards
 * and the Security page take every feature from here and from common/features.ts — a new feature
 * is one line here and one view.
 */
import type { Component } from 'svelte';
import type { Feature } from '../../common/features.ts';
import type { Account } from '../../common/model.ts';
import AgendaView, { icon as agendaIcon } from './views/AgendaView.svelte';
import DriveView, { icon as driveIcon } from './views/DriveView.svelte';
import TasksView, { icon as tasksIcon } from './views/TasksView.svelte';

/** What every feature view takes. */
export interface FeatureViewProps {
  account: Account;
  onsignin: () => void;
}

/** A feature's view and icon. */
export interface FeatureEntry {
  view: Component<FeatureViewProps>;
  /** An SVG path on a 24×24 grid, drawn as a stroke (Icon's `path`). */
  icon: string;
}

/** The registry: one entry per feature, in the navigation order of common/features.ts. */
export const FEATURE_VIEWS: Readonly<Record<Feature, FeatureEntry>> = {
  calendar: { view: AgendaView, icon: agendaIcon },
  drive: { view: DriveView, icon: driveIcon },
  tasks: { view: TasksView, icon: tasksIcon },
};

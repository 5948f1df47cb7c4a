/** Drive MIME types → the words and icon a person recognises. */
import type { MessageKey } from '../../../common/i18n/index.ts';
import { t } from './i18n.svelte.ts';

/** Which icon a file gets. */
export type FileKind =
  | 'document'
  | 'spreadsheet'
  | 'presentation'
  | 'pdf'
  | 'folder'
  | 'image'
  | 'video'
  | 'audio'
  | 'archive'
  | 'form'
  | 'file';

/** How a file's type is shown. */
export interface FileType {
  label: string;
  kind: FileKind;
}

/** A type's words (a catalog key) and icon. */
interface KnownType {
  key: MessageKey;
  kind: FileKind;
}

const EXACT: Record<string, KnownType> = {
  'application/vnd.google-apps.document': { key: 'file.document', kind: 'document' },
  'application/vnd.google-apps.spreadsheet': { key: 'file.spreadsheet', kind: 'spreadsheet' },
  'application/vnd.google-apps.presentation': { key: 'file.presentation', kind: 'presentation' },
  'application/vnd.google-apps.folder': { key: 'file.folder', kind: 'folder' },
  'application/vnd.google-apps.form': { key: 'file.form', kind: 'form' },
  'application/vnd.google-apps.drawing': { key: 'file.drawing', kind: 'image' },
  'application/vnd.google-apps.shortcut': { key: 'file.shortcut', kind: 'file' },
  'application/vnd.google-apps.site': { key: 'file.site', kind: 'file' },
  'application/pdf': { key: 'file.pdf', kind: 'pdf' },
  'application/msword': { key: 'file.word', kind: 'document' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    key: 'file.word',
    kind: 'document',
  },
  'application/vnd.ms-excel': { key: 'file.excel', kind: 'spreadsheet' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    key: 'file.excel',
    kind: 'spreadsheet',
  },
  'application/vnd.ms-powerpoint': { key: 'file.powerpoint', kind: 'presentation' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    key: 'file.powerpoint',
    kind: 'presentation',
  },
  'application/zip': { key: 'file.zip', kind: 'archive' },
  'text/csv': { key: 'file.csv', kind: 'spreadsheet' },
  'text/plain': { key: 'file.text', kind: 'document' },
  'text/markdown': { key: 'file.text', kind: 'document' },
};

const PREFIX: Array<[string, KnownType]> = [
  ['image/', { key: 'file.image', kind: 'image' }],
  ['video/', { key: 'file.video', kind: 'video' }],
  ['audio/', { key: 'file.audio', kind: 'audio' }],
  ['text/', { key: 'file.text', kind: 'document' }],
];

/**
 * The type of a Drive file from its MIME type ("Document", "PDF", "Folder", "Image", … "File"),
 * in the window's language.
 */
export function fileType(mimeType: string): FileType {
  const mime = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  const known = EXACT[mime] ?? PREFIX.find(([prefix]) => mime.startsWith(prefix))?.[1];
  return known
    ? { label: t(known.key), kind: known.kind }
    : { label: t('file.file'), kind: 'file' };
}

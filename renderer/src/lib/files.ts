/** Drive MIME types → the words and icon a person recognises. */

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

const EXACT: Record<string, FileType> = {
  'application/vnd.google-apps.document': { label: 'Document', kind: 'document' },
  'application/vnd.google-apps.spreadsheet': { label: 'Spreadsheet', kind: 'spreadsheet' },
  'application/vnd.google-apps.presentation': { label: 'Presentation', kind: 'presentation' },
  'application/vnd.google-apps.folder': { label: 'Folder', kind: 'folder' },
  'application/vnd.google-apps.form': { label: 'Form', kind: 'form' },
  'application/vnd.google-apps.drawing': { label: 'Drawing', kind: 'image' },
  'application/vnd.google-apps.shortcut': { label: 'Shortcut', kind: 'file' },
  'application/vnd.google-apps.site': { label: 'Site', kind: 'file' },
  'application/pdf': { label: 'PDF', kind: 'pdf' },
  'application/msword': { label: 'Word document', kind: 'document' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word document',
    kind: 'document',
  },
  'application/vnd.ms-excel': { label: 'Excel spreadsheet', kind: 'spreadsheet' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel spreadsheet',
    kind: 'spreadsheet',
  },
  'application/vnd.ms-powerpoint': { label: 'PowerPoint presentation', kind: 'presentation' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    label: 'PowerPoint presentation',
    kind: 'presentation',
  },
  'application/zip': { label: 'ZIP archive', kind: 'archive' },
  'text/csv': { label: 'CSV', kind: 'spreadsheet' },
  'text/plain': { label: 'Text', kind: 'document' },
  'text/markdown': { label: 'Text', kind: 'document' },
};

const PREFIX: Array<[string, FileType]> = [
  ['image/', { label: 'Image', kind: 'image' }],
  ['video/', { label: 'Video', kind: 'video' }],
  ['audio/', { label: 'Audio', kind: 'audio' }],
  ['text/', { label: 'Text', kind: 'document' }],
];

/** The type of a Drive file from its MIME type ("Document", "PDF", "Folder", "Image", … "File"). */
export function fileType(mimeType: string): FileType {
  const mime = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  const exact = EXACT[mime];
  if (exact) return exact;
  const prefixed = PREFIX.find(([prefix]) => mime.startsWith(prefix));
  return prefixed ? prefixed[1] : { label: 'File', kind: 'file' };
}

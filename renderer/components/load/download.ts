/**
 * Saves a report the core built (load.report) as a file: a Blob of its mime type behind an object
 * URL and a clicked <a download>. The report is never opened inside the app (its HTML carries its
 * own scripts and styles, which the app's CSP would rightly refuse).
 */
export interface DownloadableFile {
  filename: string;
  mime: string;
  content: string;
}

/** How long the object URL outlives the click: the browser has read it by then. */
const REVOKE_AFTER_MS = 60_000;

export function downloadFile(file: DownloadableFile, doc: Document = document): void {
  const blob = new Blob([file.content], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

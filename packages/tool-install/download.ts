/** Fetches one URL into one file. */
export interface Downloader {
  /** Writes the body of `url` to `dest`; throws DownloadError when the server says no. */
  download(url: string, dest: string): Promise<void>;
}

/** The server answered, but not with the file (404, 403, 5xx after retries). */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail?: string,
  ) {
    super(`could not download ${url}: ${status !== undefined ? `HTTP ${status}` : (detail ?? 'no response')}`);
    this.name = 'DownloadError';
  }
}

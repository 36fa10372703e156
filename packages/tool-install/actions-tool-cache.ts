import * as tc from '@actions/tool-cache';
import type { Downloader } from './download.js';
import { DownloadError } from './download.js';
import type { ToolCache } from './tool-cache.js';

/**
 * The runner's tool cache ($RUNNER_TOOL_CACHE), shared by every step and, on
 * self-hosted runners, every job. @actions/tool-cache owns its layout.
 */
export class ActionsToolCache implements ToolCache {
  async find(tool: string, version: string, arch: string): Promise<string | undefined> {
    const dir = tc.find(tool, version, arch);
    return dir === '' ? undefined : dir;
  }

  add(sourceDir: string, tool: string, version: string, arch: string): Promise<string> {
    return tc.cacheDir(sourceDir, tool, version, arch);
  }
}

/**
 * Downloads with @actions/tool-cache: it honours the runner's proxy settings
 * (https_proxy, no_proxy) and retries 5xx and 429 answers.
 */
export class ActionsDownloader implements Downloader {
  async download(url: string, dest: string): Promise<void> {
    try {
      await tc.downloadTool(url, dest);
    } catch (thrown: unknown) {
      if (thrown instanceof tc.HTTPError) throw new DownloadError(url, thrown.httpStatusCode);
      throw new DownloadError(url, undefined, thrown instanceof Error ? thrown.message : String(thrown));
    }
  }
}

// In-process PrCache: for the CLI and tests. Copies on the way in and out so callers cannot mutate it.
import type { PrCache, PrFile, PullSummary } from './types.ts';

export class MemoryPrCache implements PrCache {
  readonly #files = new Map<string, PrFile[]>();
  readonly #lists = new Map<string, PullSummary[]>();

  async getFiles(repo: string, number: number): Promise<PrFile[] | null> {
    const files = this.#files.get(`${repo}#${number}`);
    return files ? files.map((f) => ({ ...f })) : null;
  }

  async putFiles(repo: string, number: number, files: PrFile[]): Promise<void> {
    this.#files.set(
      `${repo}#${number}`,
      files.map((f) => ({ ...f })),
    );
  }

  async getList(key: string): Promise<PullSummary[] | null> {
    const pulls = this.#lists.get(key);
    return pulls ? pulls.map((p) => ({ ...p })) : null;
  }

  async putList(key: string, pulls: PullSummary[]): Promise<void> {
    this.#lists.set(
      key,
      pulls.map((p) => ({ ...p })),
    );
  }
}

/** How one slot of the stack stands. */
export type SlotState = 'pending' | 'loading' | 'loaded' | 'failed';

export interface LoaderOptions<T> {
  /** Requests in flight at most (the page stays responsive and the server is not flooded). */
  concurrency: number;
  onLoaded: (index: number, value: T) => void;
  onFailed?: (index: number, error: unknown) => void;
  /** Called after every change of counts (for a progress bar). */
  onProgress?: (progress: LoaderProgress) => void;
}

export interface LoaderProgress {
  loaded: number;
  failed: number;
  total: number;
  inFlight: number;
}

/**
 * Loads `count` items with at most `concurrency` loads at once, always next the pending item nearest the
 * one the user is looking at ({@link focus}), so scrolling ahead of the load is served first. Abort stops
 * new loads and aborts the running ones through their signal.
 */
export class ProgressiveLoader<T> {
  private readonly state: SlotState[];
  private readonly controller = new AbortController();
  private inFlight = 0;
  private loaded = 0;
  private failed = 0;
  private center = 0;
  /** The most loads that ran at once (for tests and the benchmark). */
  maxInFlight = 0;

  constructor(
    count: number,
    private readonly load: (index: number, signal: AbortSignal) => Promise<T>,
    private readonly options: LoaderOptions<T>,
  ) {
    this.state = new Array<SlotState>(count).fill('pending');
  }

  /** Starts loading (from the focused index). */
  start(): void {
    this.pump();
  }

  /** @param index - the slice on screen: pending slices nearest it load next. */
  focus(index: number): void {
    this.center = Math.min(Math.max(index, 0), Math.max(this.state.length - 1, 0));
  }

  /** @returns the state of slot `index`. */
  slot(index: number): SlotState | undefined {
    return this.state[index];
  }

  progress(): LoaderProgress {
    return { loaded: this.loaded, failed: this.failed, total: this.state.length, inFlight: this.inFlight };
  }

  abort(): void {
    this.controller.abort();
  }

  /** The pending slot nearest the focus (ties: the later one, the usual scroll direction), or -1. */
  private next(): number {
    for (let d = 0; d < this.state.length; d++) {
      if (this.state[this.center + d] === 'pending') return this.center + d;
      if (d > 0 && this.state[this.center - d] === 'pending') return this.center - d;
    }
    return -1;
  }

  private pump(): void {
    while (!this.controller.signal.aborted && this.inFlight < this.options.concurrency) {
      const index = this.next();
      if (index < 0) return;
      this.state[index] = 'loading';
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      void this.run(index);
    }
  }

  private async run(index: number): Promise<void> {
    try {
      const value = await this.load(index, this.controller.signal);
      if (this.controller.signal.aborted) return;
      this.state[index] = 'loaded';
      this.loaded++;
      this.options.onLoaded(index, value);
    } catch (err) {
      if (this.controller.signal.aborted) return;
      this.state[index] = 'failed';
      this.failed++;
      this.options.onFailed?.(index, err);
    } finally {
      this.inFlight--;
      if (!this.controller.signal.aborted) {
        this.options.onProgress?.(this.progress());
        this.pump();
      }
    }
  }
}

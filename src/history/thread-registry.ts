import type { HistoryNode } from './history-trie.js';
import type { TurnRef } from './turn-draft.js';

/** A conversation thread of a session: the turns that continue one another. */
export interface Thread {
  readonly id: number;
  /** Undecided until the session shows which thread is its main conversation (see ThreadRegistry). */
  kind: 'main' | 'side' | undefined;
  /** The sorted tool names of the thread's first request, one per line. */
  readonly profile: string;
  /** The same for its latest request: agents load tools as they go. */
  tools: string;
  turns: number;
  /** Where the history stood after its latest turn. */
  head: HistoryNode<TurnRef> | undefined;
  /** The thread's most recent turn. */
  latest: TurnRef | undefined;
  /** Digest of the system prompt of its latest turn, to show the prompt again only when it changes. */
  system: string | undefined;
}

/**
 * Numbers threads and decides which are the session's main conversation and which are side calls.
 * A coding agent's own conversation declares tools, while its errands mostly do not (Claude Code's
 * title generation, quota probes) or declare others (a subagent's tool set). So: the first thread
 * that declares tools, or failing that the first that goes past one turn (a chat without tools),
 * sets the main profile, its tool names; from then on a thread is main when it has that profile (the
 * conversation started over, after a compaction say) and side otherwise. Threads that start before
 * it is known wait, undecided; `settle` decides them when waiting is over: the earliest becomes main.
 */
export class ThreadRegistry {
  private readonly undecided: Thread[] = [];
  private mainProfile: string | undefined;
  private count = 0;

  create(toolNames: readonly string[]): Thread {
    const profile = toolNames.join('\n');
    const thread: Thread = { id: ++this.count, kind: undefined, profile, tools: profile, turns: 0, head: undefined, latest: undefined, system: undefined };
    if (this.mainProfile !== undefined) thread.kind = profile === this.mainProfile ? 'main' : 'side';
    else this.undecided.push(thread);
    return thread;
  }

  /** Counts a new turn of `thread`, which may show it is the main conversation. */
  noteTurn(thread: Thread, declaresTools: boolean): void {
    thread.turns++;
    if (this.mainProfile === undefined && (declaresTools || thread.turns >= 2)) this.decide(thread);
  }

  /** Decides every undecided thread now: the earliest is the main conversation. */
  settle(): void {
    const first = this.undecided[0];
    if (first !== undefined) this.decide(first);
  }

  private decide(main: Thread): void {
    this.mainProfile = main.profile;
    main.kind = 'main';
    for (const thread of this.undecided) thread.kind ??= thread.profile === main.profile ? 'main' : 'side';
    this.undecided.length = 0;
  }
}

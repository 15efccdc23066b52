/**
 * A prefix tree of every history the session has shown, keyed by block (see history-key.ts). A call's
 * new input is what its request adds beyond the deepest node it reaches: whichever earlier call that
 * node came from (the previous turn of its thread, a turn before a rewind, a side call that copied
 * the conversation), nothing is shown twice. Nodes hold keys and a small reference to the turn that
 * added them, never content, so a long session costs a few dozen bytes per block.
 */
export class HistoryNode<Owner> {
  readonly children = new Map<string, HistoryNode<Owner>>();

  constructor(readonly owner: Owner | undefined) {}

  /** Follows `keys` from this node as far as the tree goes: the deepest node, and how many keys led there. */
  follow(keys: readonly string[]): { readonly node: HistoryNode<Owner>; readonly depth: number } {
    return followFrom(this, keys);
  }

  /** Adds `keys` below this node (reusing the nodes that exist) and returns the last one. New nodes belong to `owner`. */
  extend(keys: readonly string[], owner: Owner): HistoryNode<Owner> {
    return followFrom(this, keys, owner).node;
  }
}

/** Walks down `keys`; with an `owner`, creates the nodes that are missing instead of stopping. */
function followFrom<Owner>(start: HistoryNode<Owner>, keys: readonly string[], owner?: Owner): { node: HistoryNode<Owner>; depth: number } {
  let node = start;
  let depth = 0;
  for (const key of keys) {
    let child = node.children.get(key);
    if (child === undefined) {
      if (owner === undefined) break;
      child = new HistoryNode(owner);
      node.children.set(key, child);
    }
    node = child;
    depth++;
  }
  return { node, depth };
}

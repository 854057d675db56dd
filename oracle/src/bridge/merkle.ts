/**
 * Hyperlane's incremental Merkle tree (MerkleLib.sol of @hyperlane-xyz/core: depth 32, keccak256 of
 * the two children, empty subtrees as the zero hashes) kept off chain, as a validator keeps it: one
 * leaf (message id) per dispatched message, so that it can sign the checkpoint (root, index) of each
 * message. Pure.
 */
import { concat, keccak256, type Hex } from "viem";

export const TREE_DEPTH = 32;

/** Z[0] = 0, Z[i+1] = keccak256(Z[i] ‖ Z[i]): the roots of empty subtrees. */
export const ZERO_HASHES: readonly Hex[] = (() => {
  const zeros: Hex[] = [`0x${"00".repeat(32)}`];
  for (let i = 1; i < TREE_DEPTH; i++) zeros.push(keccak256(concat([zeros[i - 1]!, zeros[i - 1]!])));
  return zeros;
})();

/** The tree as MerkleLib.Tree stores it: the left siblings of the next leaf's path, and the leaf count. */
export interface MerkleTree {
  branch: Hex[];
  count: number;
}

export const emptyTree = (): MerkleTree => ({
  branch: Array.from({ length: TREE_DEPTH }, () => ZERO_HASHES[0]!),
  count: 0,
});

/** MerkleLib.insert: a new tree with `leaf` appended (the input is not changed). */
export function insert(tree: MerkleTree, leaf: Hex): MerkleTree {
  if (tree.count >= 2 ** TREE_DEPTH - 1) throw new RangeError("merkle tree full");
  const branch = [...tree.branch];
  let size = tree.count + 1;
  let node = leaf;
  for (let i = 0; i < TREE_DEPTH; i++) {
    if ((size & 1) === 1) {
      branch[i] = node;
      return { branch, count: tree.count + 1 };
    }
    node = keccak256(concat([branch[i]!, node]));
    size = Math.floor(size / 2);
  }
  throw new Error("unreachable: the tree is full");
}

/** MerkleLib.root: the root over every leaf inserted so far. */
export function root(tree: MerkleTree): Hex {
  let current: Hex = ZERO_HASHES[0]!;
  for (let i = 0; i < TREE_DEPTH; i++) {
    const bit = Math.floor(tree.count / 2 ** i) % 2;
    current = bit === 1 ? keccak256(concat([tree.branch[i]!, current])) : keccak256(concat([current, ZERO_HASHES[i]!]));
  }
  return current;
}

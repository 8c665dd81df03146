/**
 * Splitting a run: `--shard i/n` (CI jobs) and `--jobs n` (worker threads) both cut a plan into
 * parts of about equal cost. A part is a list of pieces, each a run of one project's files; a project
 * is cut only when it alone costs more than a part should, so most projects are built once.
 */
import type { CheckPlan } from '../core/runner';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); returns why not as a string. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard must be i/n, e.g. 1/3 (got "${text}")`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `--shard: the number of shards must be at least 1 (got "${text}")`;
  if (index < 1 || index > count) return `--shard: the shard must be between 1 and ${count} (got "${text}")`;
  return { index, count };
}

/** Some files (indices into its inputs, ascending) of one group of the plan. */
export interface Piece {
  group: number;
  indices: number[];
  cost: number;
}

/**
 * What building a project costs before its first file, in the unit of file cost (bytes of text):
 * lib and @types/node are parsed and bound once per project, about as long as 400 KB of code takes.
 */
export const PROJECT_COST = 400_000;
/** What a candidate file costs besides its size (its program's bookkeeping, the rules' set-up). */
const FILE_COST = 2_000;

function fileCost(text: string): number {
  return text.length + FILE_COST;
}

/**
 * Cuts the plan's groups into `count` parts of about equal cost, deterministically (the same files
 * with the same contents give the same parts on every machine): groups larger than a part are cut
 * into runs of consecutive files, then the pieces go, largest first, to the part that costs least
 * so far (ties: the lower part). Pieces of one group that land in the same part are merged back.
 */
export function partition(plan: CheckPlan, count: number): Piece[][] {
  const costs = plan.groups.map((g) => g.inputs.reduce((sum, input) => sum + fileCost(input.text), 0));
  const total = costs.reduce((a, b) => a + b + PROJECT_COST, 0);
  const target = total / count;
  const pieces: Piece[] = [];
  plan.groups.forEach((group, g) => {
    const whole = costs[g] + PROJECT_COST;
    const cuts = Math.min(group.inputs.length, Math.max(1, Math.round(whole / target)));
    // Runs of consecutive files of about equal cost (each run pays for its own project).
    const share = costs[g] / cuts;
    let current: Piece = { group: g, indices: [], cost: PROJECT_COST };
    let before = 0;
    let made = 0;
    group.inputs.forEach((input, i) => {
      if (current.indices.length > 0 && made < cuts - 1 && before >= (made + 1) * share) {
        pieces.push(current);
        made++;
        current = { group: g, indices: [], cost: PROJECT_COST };
      }
      const cost = fileCost(input.text);
      current.indices.push(i);
      current.cost += cost;
      before += cost;
    });
    if (current.indices.length) pieces.push(current);
  });
  const order = pieces.map((piece, i) => ({ piece, i })).sort((a, b) => b.piece.cost - a.piece.cost || a.i - b.i);
  const parts: Piece[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  for (const { piece } of order) {
    let best = 0;
    for (let k = 1; k < count; k++) if (load[k] < load[best]) best = k;
    const same = parts[best].find((p) => p.group === piece.group);
    if (same) {
      same.indices = [...same.indices, ...piece.indices].sort((a, b) => a - b);
      same.cost += piece.cost - PROJECT_COST;
      load[best] += piece.cost - PROJECT_COST;
    } else {
      parts[best].push(piece);
      load[best] += piece.cost;
    }
  }
  for (const part of parts) part.sort((a, b) => a.group - b.group);
  return parts;
}

/**
 * The plan of shard `index` of `count`: its share of the projects' files, and every count-th of the
 * files settled while reading (ruled out by the prefilter or skipped: they cost nothing to report),
 * so that each discovered file is reported by exactly one shard.
 */
export function shardPlan(plan: CheckPlan, shard: Shard): CheckPlan {
  const part = partition(plan, shard.count)[shard.index - 1];
  const groups = part.map((piece) => ({
    configPath: plan.groups[piece.group].configPath,
    inputs: piece.indices.map((i) => plan.groups[piece.group].inputs[i]),
  }));
  const settled = plan.settled.filter((_, i) => i % shard.count === shard.index - 1);
  const candidates = groups.reduce((n, g) => n + g.inputs.length, 0);
  return { ...plan, groups, settled, total: plan.done + candidates };
}

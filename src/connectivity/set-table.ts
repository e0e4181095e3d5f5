/**
 * Interned port sets: every distinct PortSet the matrix produces gets a small number, so the matrix
 * stores and compares numbers, intersections are computed once per pair of distinct sets, and each
 * set is printed once however many connections share it. A whole cluster rarely produces more than
 * a few dozen distinct sets.
 */
import { PortSet } from '../policy/index.js';

export class SetTable {
  /** No connection. */
  static readonly EMPTY = 0;
  /** Every port of every protocol. */
  static readonly ALL = 1;

  private readonly sets: PortSet[] = [PortSet.empty(), PortSet.all()];
  private readonly ids = new Map<string, number>([
    [PortSet.empty().toString(), SetTable.EMPTY],
    [PortSet.all().toString(), SetTable.ALL],
  ]);
  private readonly intersections = new Map<number, number>();
  private readonly texts: string[] = [];

  /** The number of `set`, allocating one for a set not seen before. */
  intern(set: PortSet): number {
    const key = set.toString();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): PortSet {
    const set = this.sets[id];
    if (!set) throw Object.assign(new Error(`no port set #${id}`), { code: 'unknown-port-set' });
    return set;
  }

  /** The number of the intersection of sets `a` and `b` (cached per pair). */
  intersect(a: number, b: number): number {
    if (a === SetTable.EMPTY || b === SetTable.EMPTY) return SetTable.EMPTY;
    if (a === SetTable.ALL || a === b) return b;
    if (b === SetTable.ALL) return a;
    // Ids stay far below 2^26, so the pair fits a safe integer.
    const key = a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.intern(this.get(a).intersect(this.get(b)));
      this.intersections.set(key, id);
    }
    return id;
  }

  /** `All Connections` (np-guard's words) or the PortSet text, `TCP 80,443; UDP 53`. */
  text(id: number): string {
    let text = this.texts[id];
    if (text === undefined) {
      text = id === SetTable.ALL ? 'All Connections' : this.get(id).toString();
      this.texts[id] = text;
    }
    return text;
  }

  /** How many distinct sets exist. */
  get size(): number {
    return this.sets.length;
  }
}

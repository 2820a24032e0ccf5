/**
 * The content script's entity list, read lazily out of the texts content-names.js left: an entity's id and
 * `NameEntry` are made the first time the page asks for them.
 */
import type { EntityType } from '../../knowledge/entity-types';
import type { TextList } from '../types';
import { fuzzyCode, type NameEntry, typeOfCode } from './format';
import type { PackedTexts } from './packed-texts';

/**
 * The entities' ids, by entity number (the matcher emits mentions with them): each id string is made the first
 * time it is read, then kept, so every mention of an entity carries the same string.
 */
export class EntityIds implements TextList {
  private readonly made: (string | undefined)[];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly packed: PackedTexts) {
    this.made = new Array(packed.length);
  }

  get length(): number {
    return this.packed.length;
  }

  at(i: number): string | undefined {
    let id = this.made[i];
    if (id === undefined) {
      id = this.packed.at(i);
      if (id === undefined) return undefined;
      this.made[i] = id;
      // The matcher reads an entity's id to emit its mentions, and the page then asks for the entity by that id.
      if (!this.numbers.has(id)) this.numbers.set(id, i);
    }
    return id;
  }

  /**
   * The entity number of `id`, or -1. An id read before (the matcher's mentions carry them) is remembered, so
   * the page's lookups of the entities it mentions cost a map read; any other id is searched for in the whole
   * list.
   */
  indexOf(id: string): number {
    let i = this.numbers.get(id);
    if (i === undefined) {
      i = this.packed.find(id);
      if (i < 0) return -1;
      this.numbers.set(id, i);
    }
    return i;
  }
}

/** Where an entity's `NameEntry` comes from: the entity list as shipped, checked (./checks.ts). */
export class NameTable {
  private readonly made: (NameEntry | undefined)[] = [];

  constructor(
    /** Ids in declaration order: entity numbers. */
    readonly ids: EntityIds,
    private readonly types: string,
    private readonly names: TextList,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Entity number `i`. */
  at(i: number): NameEntry {
    let e = this.made[i];
    if (e === undefined) {
      const code = this.types.charCodeAt(i);
      e = {
        id: this.ids.at(i) as string,
        type: typeOfCode(code) as EntityType,
        name: this.names.at(i) as string,
      };
      if (fuzzyCode(code)) e.fuzzy = true;
      this.made[i] = e;
    }
    return e;
  }

  get(id: string): NameEntry | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }

  has(id: string): boolean {
    return this.ids.indexOf(id) >= 0;
  }
}

import {
  Erasure,
  type PersonalDataVault,
  type PersonLookup,
  type PersonRecord,
  PersonRecordInput,
  personErasedError,
  type VaultOptions,
} from '../../application/ports/personal-data.js';

/** The personal-data vault in memory, for unit tests and the demo. */
export class InMemoryPersonalDataVault implements PersonalDataVault {
  private readonly clock: () => Date;
  private readonly people = new Map<string, PersonRecord>();
  private readonly erased = new Map<string, { erasedAt: string; erasure?: Erasure }>();

  constructor(options: VaultOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async record(person: PersonRecord): Promise<void> {
    const valid = PersonRecordInput.parse(person);
    if (this.erased.has(valid.personId)) throw personErasedError(valid.personId);
    this.people.set(valid.personId, structuredClone(valid));
  }

  async lookup(personId: string): Promise<PersonLookup> {
    const tombstone = this.erased.get(personId);
    if (tombstone !== undefined) return { status: 'erased', personId, ...structuredClone(tombstone) };
    const person = this.people.get(personId);
    return person ? { status: 'known', person: structuredClone(person) } : { status: 'unknown', personId };
  }

  async erase(personId: string, erasure?: Erasure): Promise<void> {
    this.people.delete(personId);
    // As the DynamoDB vault: the first stamp stays, and the first reason given stays.
    const erasedAt = this.erased.get(personId)?.erasedAt ?? this.clock().toISOString();
    const kept =
      this.erased.get(personId)?.erasure ?? (erasure === undefined ? undefined : Erasure.parse(erasure));
    this.erased.set(personId, kept === undefined ? { erasedAt } : { erasedAt, erasure: kept });
  }
}

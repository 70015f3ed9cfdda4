import {
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
  private readonly erased = new Map<string, string>();

  constructor(options: VaultOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async record(person: PersonRecord): Promise<void> {
    const valid = PersonRecordInput.parse(person);
    if (this.erased.has(valid.personId)) throw personErasedError(valid.personId);
    this.people.set(valid.personId, structuredClone(valid));
  }

  async lookup(personId: string): Promise<PersonLookup> {
    const erasedAt = this.erased.get(personId);
    if (erasedAt !== undefined) return { status: 'erased', personId, erasedAt };
    const person = this.people.get(personId);
    return person ? { status: 'known', person: structuredClone(person) } : { status: 'unknown', personId };
  }

  async erase(personId: string): Promise<void> {
    this.people.delete(personId);
    if (!this.erased.has(personId)) this.erased.set(personId, this.clock().toISOString());
  }
}

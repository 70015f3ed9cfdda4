import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';

// Issue 22, defect 9, as a class: every free-text string that any route or webhook body takes
// must go through functions/domain/shared/text.ts. Walks the real route table's body schemas; a
// string field that accepts a right-to-left override is either person-facing text that escaped
// the shared schema (a bug) or one of the few machine strings listed here.

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every string schema in `schema`, with its path (array items as `[]`). */
const stringLeaves = (schema: z.ZodType, path: string): [string, z.ZodType][] => {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [[path, schema]];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, value]) => stringLeaves(value, `${path}.${key}`));
    case 'array':
      return def.element ? stringLeaves(def.element, `${path}[]`) : [];
    case 'optional':
    case 'nullable':
    case 'default':
      return def.innerType ? stringLeaves(def.innerType, path) : [];
    case 'pipe':
      return def.in ? stringLeaves(def.in, path) : [];
    case 'union':
      return (def.options ?? []).flatMap((option) => stringLeaves(option, path));
    case 'record':
      return def.valueType ? stringLeaves(def.valueType, `${path}{}`) : [];
    default:
      return [];
  }
};

const leaves = routes.flatMap((route) =>
  route.request.body === undefined ? [] : stringLeaves(route.request.body, route.operationId),
);

describe('person-facing text in every body the API takes', () => {
  it('is refused with a right-to-left override wherever it is free text', () => {
    // Act
    const accepting = [
      ...new Set(
        leaves.filter(([, schema]) => schema.safeParse('Sefrou\u202E').success).map(([path]) => path),
      ),
    ];
    // Assess: only machine strings (the names of event types) take anything.
    expect(accepting).toEqual(['subscribePartner.eventTypes[]']);
  });

  it('is found in the fields that hold names, titles, labels, reasons and provinces', () => {
    // Act
    const personText = leaves.filter(([, schema]) => schema.safeParse('\u00A0Sefrou ').data === 'Sefrou');
    // Assess
    expect(personText.map(([path]) => path)).toContain('enrolBeneficiary.name.fr');
    expect(personText.map(([path]) => path)).toContain('submitApplication.associationName.ar');
    expect(personText.map(([path]) => path)).toContain('awardGrant.tranches[].releaseConditions[].label.fr');
    expect(personText.map(([path]) => path)).toContain('receivePartnerReport.data.province');
  });
});

import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../../../events/catalog.js';
import { REGIONS } from '../../../../../../events/reference.js';
import { isPublic, isSignature } from '../../../../../../functions/adapters/http/access.js';
import { openApiDocument } from '../../../../../../functions/adapters/http/openapi.js';
import { routeKeyOf } from '../../../../../../functions/adapters/http/route.js';
import { PUBLIC_EVENT_TYPES } from '../../../../../../functions/adapters/http/routes/events.js';
import { routeGroups, routes } from '../../../../../../functions/adapters/http/routes/index.js';
import { regionOfRolloutId } from '../../../../../../functions/application/scope.js';
import { REGION_PROVINCES } from '../../../../../../functions/domain/rollout/region-provinces.js';
import { operationsOf } from '../../../../../support/openapi-operations.js';

describe('the real route table', () => {
  it('gives every route an access rule, and a command is never public', () => {
    for (const route of routes) {
      expect(isPublic(route.access) || isSignature(route.access) || route.access.roles.length > 0).toBe(true);
      if (route.kind === 'command') expect(isPublic(route.access)).toBe(false);
    }
  });

  it('puts each route in exactly one Lambda group', () => {
    const grouped = Object.values(routeGroups).flat().map(routeKeyOf);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped.sort()).toEqual(routes.map(routeKeyOf).sort());
  });

  it('has a command for every decider command the brief names', () => {
    const operations = new Set(routes.map((route) => route.operationId));
    for (const operationId of [
      'launchRollout',
      'setRolloutTargets',
      'advanceRolloutPhase',
      'escalateRollout',
      'extendRolloutDeadline',
      'cancelRollout',
      'completeRollout',
      'draftAgreement',
      'signAgreement',
      'configureWavePlan',
      'startNextWave',
      'openRolloutCall',
      'openContactCentreCall',
      'submitApplication',
      'closeCall',
      'appointCommittee',
      'declareConflict',
      'submitScores',
      'rankApplications',
      'selectAssociations',
      'publishSelection',
      'lodgeAppeal',
      'decideAppeal',
      'enrolBeneficiary',
      'nominateMember',
      'closeEnrolment',
      'withdrawBeneficiary',
      'replaceBeneficiary',
      'replaceMember',
      'setTrainingPlan',
      'reportSession',
      'reportAttendance',
      'reportModuleCompletion',
      'selectTrainees',
      'reportTrainerModuleCompletion',
      'establishCompetenceHub',
      'reportCascadeSession',
      'commitCoFunderBudget',
      'awardGrant',
      'requestTranche',
      'approveTranche',
      'rejectTranche',
      'payTranche',
      'receivePartnerReport',
    ]) {
      expect(operations.has(operationId), operationId).toBe(true);
    }
  });
});

describe('the OpenAPI document of the real table', () => {
  const document = openApiDocument(routes);
  const operations = operationsOf(document);

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('covers every route of the table, and no other', () => {
    expect(operations.map((operation) => operation.key).sort()).toEqual(routes.map(routeKeyOf).sort());
  });

  it('documents bearer JWT and roles, the signature of the partner webhook, or a public read', () => {
    const publicKeys = new Set(routes.filter((route) => isPublic(route.access)).map(routeKeyOf));
    for (const operation of operations) {
      if (publicKeys.has(operation.key)) {
        expect(operation.key.startsWith('GET '), operation.key).toBe(true);
        expect(operation.security).toEqual([]);
        expect(operation['x-naseej-roles']).toBe('public');
        continue;
      }
      if (operation.key.startsWith('POST /webhooks/')) expect(operation.security).toEqual([]);
      else expect(operation.security).toEqual([{ bearerJwt: [] }]);
      expect(Array.isArray(operation['x-naseej-roles'])).toBe(true);
    }
  });
});

describe('reference data and conventions the routes rely on', () => {
  it('lists each region’s prefectures and provinces, as many as the reference says (75 in all)', () => {
    for (const region of REGIONS) expect(REGION_PROVINCES[region.code]).toHaveLength(region.provinces);
  });

  it('reads the region of a rollout id, and of nothing else', () => {
    expect(regionOfRolloutId('rollout-FM-2026')).toBe('FM');
    expect(regionOfRolloutId('rollout-XX-2026')).toBeUndefined();
    expect(regionOfRolloutId('FM-2026-operator')).toBeUndefined();
  });

  it('names only catalog event types as public', () => {
    const known = new Set(catalog.map((family) => family.type));
    for (const type of PUBLIC_EVENT_TYPES) expect(known.has(type), type).toBe(true);
    expect(PUBLIC_EVENT_TYPES).not.toContain('ApplicationScored');
  });
});

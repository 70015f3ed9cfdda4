import { domainError } from './errors.js';

// Checks shared by the facts reported in a region (an enrolment, a training session, a cascade
// session): where they happened and, for a session, that it has happened.

/** The province is one of the rollout's region (`PROVINCE_OUTSIDE_REGION` otherwise). */
export const requireProvinceOfRegion = (province: string, regionProvinces: readonly string[]): void => {
  if (!regionProvinces.includes(province)) {
    throw domainError('invalid', 'PROVINCE_OUTSIDE_REGION', "The province is not one of the region's.", {
      province,
      regionProvinces,
    });
  }
};

/**
 * A session reported as held: in a province of the region, on a day that is not after today
 * (`now`'s day, UTC); `PROVINCE_OUTSIDE_REGION`, `SESSION_DATE_IN_FUTURE` otherwise.
 */
export const requireHeldSession = (
  session: { readonly province: string; readonly date: string },
  regionProvinces: readonly string[],
  now: string,
): void => {
  requireProvinceOfRegion(session.province, regionProvinces);
  if (session.date > now.slice(0, 10)) {
    throw domainError(
      'invalid',
      'SESSION_DATE_IN_FUTURE',
      'A session cannot be reported as held in the future.',
      {
        date: session.date,
      },
    );
  }
};

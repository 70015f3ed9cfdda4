import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardSite } from '../../infra/constructs/dashboard-site.js';
import { isInvalidDashboardDomainError, parseDashboardDomain } from '../../infra/stage.js';
import { acknowledgementsIn, constructTestApp } from './support/cdk-app.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

type Distribution = { Properties: { DistributionConfig: Record<string, unknown> } };

let cleanup: () => void = () => {};
afterEach(() => cleanup());

/** The site in a stack of its own, and its distribution's configuration. */
const siteWith = (domain?: { name: string; certificateArn: string }) => {
  const test = constructTestApp();
  cleanup = test.cleanup;
  const stack = new Stack(test.app, 'Site');
  const site = new DashboardSite(stack, 'Dashboard', {
    removalPolicy: RemovalPolicy.DESTROY,
    logRetentionDays: 7,
    ...(domain === undefined ? {} : { domain }),
  });
  const distributions = Template.fromStack(stack).findResources('AWS::CloudFront::Distribution');
  const [distribution] = Object.values(distributions) as Distribution[];
  return { site, config: distribution?.Properties.DistributionConfig ?? {}, app: test.app };
};

describe("the dashboard's TLS floor", () => {
  it('serves a site with its own domain at TLS 1.2 or later, under that name', () => {
    // Act
    const { site, config, app } = siteWith({ name: 'naseej.example.ma', certificateArn: CERTIFICATE });
    // Assess
    expect(config.Aliases).toEqual(['naseej.example.ma']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(site.origin).toBe('https://naseej.example.ma');
    expect(acknowledgementsIn(app).filter(({ id }) => id.endsWith('AwsSolutions-CFR4'))).toEqual([]);
  });

  it('acknowledges the TLS 1.0 of the default certificate only for a site without a domain', () => {
    // Act
    const { config, app } = siteWith();
    // Assess
    expect(config.ViewerCertificate).toBeUndefined();
    expect(acknowledgementsIn(app).filter(({ id }) => id.endsWith('AwsSolutions-CFR4'))).toHaveLength(1);
  });

  it('requires a domain and a us-east-1 certificate in prod, and names the context to pass', () => {
    // Act, Assess
    expect(() => parseDashboardDomain('prod', undefined, undefined)).toThrow(/-c dashboardDomain=/);
    let refused: unknown;
    try {
      parseDashboardDomain('prod', undefined, undefined);
    } catch (error) {
      refused = error;
    }
    expect(isInvalidDashboardDomainError(refused)).toBe(true);
    expect(() =>
      parseDashboardDomain(
        'prod',
        'naseej.example.ma',
        'arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      ),
    ).toThrow(/us-east-1/);
    expect(() => parseDashboardDomain('dev', 'not a domain', CERTIFICATE)).toThrow(/is not a domain name/);
    expect(parseDashboardDomain('dev', undefined, undefined)).toBeUndefined();
    expect(parseDashboardDomain('prod', 'naseej.example.ma', CERTIFICATE)).toEqual({
      name: 'naseej.example.ma',
      certificateArn: CERTIFICATE,
    });
  });
});

import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { TeamsSettings } from './settings.js';

/**
 * The SDK's own Bot Framework authentication, configured from our settings: it checks the
 * JWT on every inbound request (issuer, audience = our app id, signing key and its channel
 * endorsement, the serviceUrl claim) and signs outbound calls — with the client secret
 * (MultiTenant, SingleTenant against the app's tenant) or the user-assigned managed identity.
 * With no app id it accepts unsigned requests: only ever for the Bot Framework Emulator.
 */
export function botFrameworkAuthentication(settings: TeamsSettings): ConfigurationBotFrameworkAuthentication {
  if (!settings.authenticated) return new ConfigurationBotFrameworkAuthentication({});
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppType: settings.appType,
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
    ...(settings.openIdMetadataUrl ? publicCloudWithSigningKeysAt(settings.openIdMetadataUrl) : {}),
  });
}

/**
 * The SDK takes its cloud endpoints all-or-nothing: once one is given, every other one must
 * be too. These are the public Azure cloud's (botframework-connector's AuthenticationConstants),
 * with only the signing keys' location replaced.
 */
function publicCloudWithSigningKeysAt(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

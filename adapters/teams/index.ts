import { defineChannel } from '../channel-adapter.js';
import { teamsSecretKeys, teamsSettings, teamsSettingsOf, type TeamsSettings } from './settings.js';

/** Microsoft Teams through the Bot Framework. */
export const teamsChannel = defineChannel<typeof teamsSettings, TeamsSettings>({
  name: 'teams',
  settings: teamsSettings,
  secretKeys: teamsSecretKeys,
  configure(env, app) {
    const settings = teamsSettingsOf({ ...env, NODE_ENV: app.nodeEnv });
    return settings ? { settings } : { off: 'teams adapter off: TEAMS_APP_ID is not set' };
  },
  // Loaded only when the channel is on: reading the configuration never pulls in botbuilder.
  start: async (ctx) => (await import('./start.js')).startTeams(ctx),
});

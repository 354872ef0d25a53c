/** The package.json field that marks an npm package as a Stratos plugin. */
export const MANIFEST_FIELD = 'stratosPlugin';

/**
 * JSON Schema (draft-07) of the {@link PluginManifest}; the host validates every manifest with it.
 */
export const MANIFEST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://stratos.app/schemas/plugin-manifest.json',
  title: 'Stratos plugin manifest',
  type: 'object',
  additionalProperties: false,
  required: ['sdk'],
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z0-9@][a-z0-9._/-]*$',
      minLength: 1,
      maxLength: 214,
      description: 'Unique plugin id in a host; defaults to the package name',
    },
    sdk: {
      type: 'string',
      minLength: 1,
      description: 'Semver range of @stratos/plugin-sdk the plugin was built for, e.g. ^1.0.0',
    },
    dependsOn: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Ids of plugins initialised before this one',
    },
    configSchema: {
      type: ['object', 'string'],
      description: "JSON Schema of the plugin's config entry, inline or a path inside the package",
    },
  },
} as const;

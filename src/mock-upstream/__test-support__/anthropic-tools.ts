/** Claude Code's shell tool, as far as the mock reads it: a `command` string makes the marker command the input. */
export const BASH_TOOL = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

/** A tool whose required properties cover every JSON type, so schema-built inputs can be checked whole. */
export const WEATHER_TOOL = {
  name: 'get_weather',
  input_schema: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      metric: { type: 'boolean' },
      hours: { type: 'array' },
      extra: { type: 'object' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      optional: { type: 'string' },
    },
    required: ['city', 'days', 'metric', 'hours', 'extra', 'unit'],
  },
};

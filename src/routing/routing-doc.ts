/**
 * The "Routing" section of docs/configuration.md. It lives next to the routing code so that a change
 * to the rules and a change to their description land together.
 */
export const routingDoc = `## Routing

One Luthien serves Anthropic and OpenAI clients at once, and can send each call to one of several
backends. Each format is relayed natively: a call goes to a backend that speaks the client's API
family, never through a translation.

### Which API a request speaks

| Client path | API family | Policies |
| --- | --- | --- |
| \`POST /v1/messages\` | Anthropic Messages | yes |
| \`POST /v1/chat/completions\` | OpenAI Chat Completions | yes |
| \`POST /v1/responses\` | OpenAI Responses | yes |
| any other \`/v1/*\` path | decided as below | no (forwarded as is) |

Paths that exist in both APIs (\`/v1/models\`, \`/v1/files\`, …) are routed by how the client
authenticates and which headers it sends:

1. a path only one family serves decides: \`/v1/messages…\` and \`/v1/complete\` are Anthropic;
   \`/v1/chat/completions…\`, \`/v1/responses…\`, \`/v1/completions\` and \`/v1/embeddings\` are OpenAI;
2. otherwise a request with any \`anthropic-*\` header (\`anthropic-version\` is sent by every
   Anthropic SDK and by Claude Code) or an \`x-api-key\` credential is Anthropic;
3. anything else is OpenAI (its SDKs and Codex send only \`Authorization: Bearer\`).

The same rule picks the error shape for errors Luthien gives before a route runs (unknown paths,
bodies that are too large).

A WebSocket upgrade (\`GET /v1/responses\` with \`Upgrade: websocket\`, which Codex tries first on its
built-in provider) is refused at once with \`426\`, and the client falls back to HTTP streaming.

### Backends

Two backends always exist: \`anthropic\` (\`ANTHROPIC_UPSTREAM_URL\`, key \`ANTHROPIC_API_KEY\` sent as
\`x-api-key\`) and \`openai\` (\`OPENAI_UPSTREAM_URL\`, key \`OPENAI_API_KEY\` sent as
\`Authorization: Bearer\`). \`ROUTING_CONFIG\` names a YAML file that adds more, and says which one each
call goes to:

\`\`\`yaml
backends:
  local:                              # a name of your choice: lower-case letters, digits, - _ .
    api: openai                       # anthropic | openai: the API family the server speaks
    url: http://127.0.0.1:11434/v1    # its base URL, as you would give the family's SDK
    api_key_env: LOCAL_LLM_KEY        # optional: the environment variable holding its key
    # api_key: sk-...                 # or the key itself (keep such a file private)
    # auth_header: authorization      # optional: x-api-key | authorization (default by family)
  anthropic:                          # refines a built-in backend; its key stays ANTHROPIC_API_KEY
    api: anthropic
    url: https://anthropic-gateway.internal.example.com

defaults:
  openai: openai                      # per API family: anthropic | openai
  /v1/chat/completions: local         # per client path, overriding the family default

models:                               # tried in order; the first match wins
  - match: gpt-oss-*                  # * any run of characters, ? one character; case-sensitive
    backend: local
  - match: claude-*-haiku-*
    backend: anthropic
\`\`\`

- **Base URLs** follow each family's SDK convention: an Anthropic URL stops before \`/v1\`
  (\`https://api.anthropic.com\`; \`/v1/messages\` is appended), an OpenAI one includes it
  (\`https://api.openai.com/v1\`, \`https://openrouter.ai/api/v1\`; \`/v1\` in the client path is
  replaced by the URL's path, so \`/v1/chat/completions\` goes to \`…/api/v1/chat/completions\`).
- **Choosing a backend:** the first model rule whose pattern matches the request's \`model\` and whose
  backend speaks the client's API family; otherwise the default for the client path; otherwise the
  default for the family. A rule naming a backend of the other family is skipped for that call, so
  \`claude-*\` sent to \`/v1/chat/completions\` does not reach an Anthropic backend. The model is read
  after the policies' \`onRequest\`, so a policy that changes the model also changes the route.
  Pass-through paths with a JSON body that names a \`model\` (\`/v1/messages/count_tokens\`) follow
  the same rules.
- **Keys:** a client that presents \`PROXY_API_KEY\` gets the chosen backend's key, in the backend's
  header. A client with its own credential (\`AUTH_MODE\` \`both\` or \`passthrough\`) has it sent
  unchanged, in the header it used, to whichever backend the call goes to.
- **Errors in the file** stop start-up with the file, the place in it and the problem, e.g.
  \`routing.yaml: models.0.backend: unknown backend 'nowhere' (known: anthropic, openai)\`.
- Each call's log line names the backend it went to (\`backend\`).
`;

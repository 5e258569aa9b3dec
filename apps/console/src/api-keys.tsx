import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { AccountHub, DialLinkClient, Paging, done, ok } from '@diallink/client';
import { dateOf, inWords } from './words';

type ApiKey = AccountHub.components['schemas']['ApiKeyResponse'];

const PAGE_SIZE = 10;

interface Props {
  email: string;
  client: DialLinkClient;
  onSignOut: () => Promise<void>;
}

/** The API key page of the reference's Quick Start: list, add (shown once), enable/disable, delete. */
export function ApiKeysPage({ email, client, onSignOut }: Props) {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [paging, setPaging] = useState<Paging>();
  const [pageNumber, setPageNumber] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<ApiKey>();
  const [confirming, setConfirming] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((n) => n + 1);

  useEffect(() => {
    let current = true;
    setLoading(true);
    ok(
      client.GET('/v1/account-hub/api-keys', {
        params: { query: { pageNumber, pageSize: PAGE_SIZE, sort: '-createdAt' } },
      }),
    )
      .then((page) => {
        if (!current) return;
        // A page emptied by a deletion: show the one before it.
        if (page.data.length === 0 && pageNumber > 1) return setPageNumber(pageNumber - 1);
        setKeys(page.data);
        setPaging(page.paging);
        setError(undefined);
      })
      .catch((failure: unknown) => current && setError(inWords(failure)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [client, pageNumber, reloads]);

  const act = async (what: () => Promise<unknown>, success: string) => {
    setError(undefined);
    setStatus(undefined);
    try {
      await what();
      setStatus(success);
      reload();
    } catch (failure) {
      setError(inWords(failure));
    }
  };

  const setEnabled = (key: ApiKey, enabled: boolean) =>
    act(
      async () => {
        const changed = await ok(
          client.PATCH('/v1/account-hub/api-keys/{id}', { params: { path: { id: key.id } }, body: { enabled } }),
        );
        setKeys((shown) => shown.map((other) => (other.id === changed.id ? changed : other)));
      },
      `${key.name} is ${enabled ? 'enabled' : 'disabled'}.`,
    );

  const remove = (key: ApiKey) =>
    act(async () => {
      setConfirming(undefined);
      await done(client.DELETE('/v1/account-hub/api-keys/{id}', { params: { path: { id: key.id } } }));
      setKeys((shown) => shown.filter((other) => other.id !== key.id));
    }, `${key.name} is deleted.`);

  return (
    <>
      <header>
        <strong>DialLink Account</strong>
        <span class="who">Signed in as {email}</span>
        <button type="button" onClick={() => void onSignOut()}>
          Sign out
        </button>
      </header>
      <main>
        <h1>API keys</h1>
        <p>
          An API key calls the DialLink API with your permissions (send it as <code>X-API-KEY</code>). It is valid for
          365 days.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <p class="status" role="status">
          {status}
        </p>
        {created ? (
          <CreatedKey apiKey={created} onDone={() => setCreated(undefined)} />
        ) : adding ? (
          <AddKey
            client={client}
            onCreated={(key) => {
              setAdding(false);
              setCreated(key);
              // The list shows the new key at once, masked, under the one-time full key.
              reload();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <div class="actions">
            <button type="button" class="primary" onClick={() => setAdding(true)}>
              Add API key
            </button>
          </div>
        )}
        <section class="card" aria-labelledby="keys-heading" aria-busy={loading}>
          <h2 id="keys-heading">Your keys</h2>
          {!loading && keys.length === 0 ? (
            <p>No API keys yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} class={key.enabled ? undefined : 'disabled-key'}>
                    <td data-label="Name">{key.name}</td>
                    <td data-label="Key">
                      <span class="key-value">
                        <span class="visually-hidden">ending in </span>
                        <span aria-hidden="true">…</span>
                        {key.key.slice(-4)}
                      </span>
                    </td>
                    <td data-label="Expires">
                      <time dateTime={new Date(key.expiresAt).toISOString()}>{dateOf(key.expiresAt)}</time>
                    </td>
                    <td data-label="Status">{key.enabled ? 'Enabled' : 'Disabled'}</td>
                    <td>
                      {confirming === key.id ? (
                        <div class="actions" role="group" aria-label={`Delete ${key.name}?`}>
                          <span>Delete {key.name}? Apps using it stop working.</span>
                          <button type="button" class="danger primary" onClick={() => void remove(key)}>
                            Delete
                          </button>
                          <button type="button" onClick={() => setConfirming(undefined)} autoFocus>
                            Keep
                          </button>
                        </div>
                      ) : (
                        <div class="actions">
                          <button
                            type="button"
                            onClick={() => void setEnabled(key, !key.enabled)}
                            aria-label={`${key.enabled ? 'Disable' : 'Enable'} ${key.name}`}
                          >
                            {key.enabled ? 'Disable' : 'Enable'}
                          </button>
                          <button
                            type="button"
                            class="danger"
                            onClick={() => setConfirming(key.id)}
                            aria-label={`Delete ${key.name}`}
                          >
                            Delete
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {paging && paging.totalNumberOfPages > 1 && (
            <nav class="paging" aria-label="Pages of keys">
              <button
                type="button"
                disabled={!paging.hasPreviousPage}
                onClick={() => setPageNumber(paging.pageNumber - 1)}
              >
                Previous
              </button>
              <span>
                Page {paging.pageNumber} of {paging.totalNumberOfPages} ({paging.totalNumberOfRecords} keys)
              </span>
              <button type="button" disabled={!paging.hasNextPage} onClick={() => setPageNumber(paging.pageNumber + 1)}>
                Next
              </button>
            </nav>
          )}
        </section>
      </main>
    </>
  );
}

function AddKey(props: { client: DialLinkClient; onCreated: (key: ApiKey) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // In the render's own task, not after the next paint: what the user types at once lands in the field.
  useLayoutEffect(() => input.current?.focus(), []);

  const generate = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onCreated(await ok(props.client.POST('/v1/account-hub/api-keys', { body: { name, enabled: true } })));
    } catch (failure) {
      setError(inWords(failure));
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={(event) => void generate(event)} aria-labelledby="add-heading">
      <h2 id="add-heading">Add API key</h2>
      <label for="key-name">Name</label>
      <input
        id="key-name"
        ref={input}
        type="text"
        required
        maxLength={200}
        placeholder="API key for integration"
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CreatedKey({ apiKey, onDone }: { apiKey: ApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  const field = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => field.current?.select(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey.key);
      setCopied('Copied to the clipboard.');
    } catch {
      field.current?.select();
      setCopied('Copying was not allowed: the key is selected, press Ctrl+C (or ⌘C).');
    }
  };

  return (
    <section class="card" aria-labelledby="created-heading">
      <h2 id="created-heading">Your new API key: {apiKey.name}</h2>
      <p class="warning" role="note">
        Copy the key now and save it to a secure location: you will not see it again. DialLink does not store it.
      </p>
      <label for="new-key">API key</label>
      <input id="new-key" ref={field} type="text" class="key-value" readOnly value={apiKey.key} />
      <div class="actions">
        <button type="button" class="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p class="status" role="status">
        {copied}
      </p>
    </section>
  );
}

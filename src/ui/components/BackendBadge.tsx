import { useState } from 'react';
import type { BackendRequest } from '../../worker/contract';
import { app } from '../state/app';
import { useStore } from '../state/store';
import { setLinkParameter } from '../state/urlParams';
import { ThreadsSelect } from './ThreadsSelect';

const OPTIONS: { value: BackendRequest; label: string }[] = [
  { value: 'auto', label: 'Auto (fastest available)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM (CPU, threads + SIMD)' },
  { value: 'cpu', label: 'CPU (plain JavaScript)' },
];

/** Shows the backend that really runs, its adapter and why; lets the user pick another. */
export function BackendBadge() {
  const backend = useStore((s) => s.backend);
  const memory = useStore((s) => s.memory);
  const [request, setRequest] = useState<BackendRequest>(
    () => (new URLSearchParams(location.search).get('backend') as BackendRequest) || 'auto',
  );

  const choose = (value: BackendRequest) => {
    setRequest(value);
    setLinkParameter('backend', value === 'auto' ? null : value);
    void app.recovery.switchBackend(value);
  };

  return (
    <div className="backend" data-testid="backend-badge" data-backend={backend?.name ?? ''}>
      <span className={`badge badge--${backend?.name ?? 'pending'}`} title={backend?.reason}>
        {backend ? backend.name.toUpperCase() : 'starting…'}
      </span>
      {backend && (
        <span className="backend__detail">
          <span data-testid="backend-adapter">{backend.adapter}</span>
          <span className="muted" data-testid="backend-reason">
            {' '}
            — {backend.reason}
          </span>
          {memory && (
            <span className="muted">
              {' '}
              · {(memory.numBytes / 2 ** 20).toFixed(1)} MiB, {memory.numTensors} tensors
            </span>
          )}
        </span>
      )}
      <label className="backend__select">
        <span className="visually-hidden">Backend</span>
        <select aria-label="Backend" value={request} onChange={(e) => choose(e.target.value as BackendRequest)}>
          {OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {backend?.threads && backend.threads.available > 1 && <ThreadsSelect threads={backend.threads} request={request} />}
    </div>
  );
}

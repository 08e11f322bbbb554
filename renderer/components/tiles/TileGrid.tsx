/** The tiles of every configured service, in config order, and the history of the one clicked. */
import { useCallback, useState } from 'react';
import { selectHealthEnvironmentId } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { HistoryDialog } from '../health/HistoryDialog.js';
import { ServiceTile } from './ServiceTile.js';

export function TileGrid({ detail = false }: { detail?: boolean }) {
  const services = useAppStore((s) => s.config?.services);
  const environmentId = useAppStore(selectHealthEnvironmentId) ?? '';
  const [open, setOpen] = useState<string | null>(null);
  const close = useCallback(() => setOpen(null), []);
  if (!services) return null;
  if (services.length === 0) return <p className="muted">warroom.yaml declares no services.</p>;
  return (
    <>
      <div className={`tiles tiles--${detail ? 'detail' : 'wall'}`}>
        {services.map((service) => (
          <ServiceTile key={service.id} service={service} environmentId={environmentId} detail={detail} onOpen={setOpen} />
        ))}
      </div>
      {open && <HistoryDialog service={open} onClose={close} />}
    </>
  );
}

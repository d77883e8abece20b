import { useEffect } from 'react';
import { ConfirmHost } from '../components/ConfirmDialog';
import { Notices } from '../components/Notices';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { Workspace } from '../features/workspace/Workspace';
import { TeamServerDialog } from '../features/sync/TeamServerDialog';
import { useAppStore } from '../store';

export function App() {
  const booted = useAppStore((s) => s.booted);
  const project = useAppStore((s) => s.project);
  const boot = useAppStore((s) => s.boot);
  useEffect(() => {
    void boot();
  }, [boot]);
  return (
    <>
      {!booted ? <p className="loading">Starting Weft…</p> : project ? <Workspace /> : <WelcomeScreen />}
      <TeamServerDialog />
      <Notices />
      <ConfirmHost />
    </>
  );
}

/** The Team view: coders, side-by-side comparison, merging, agreement, consensus, calculator. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { AgreementPanel } from './AgreementPanel';
import { CalculatorPanel } from './CalculatorPanel';
import { CodersPanel } from './CodersPanel';
import { ComparePanel } from './ComparePanel';
import { ConsensusPanel } from './ConsensusPanel';
import { MergePanel } from './MergePanel';
import './team.css';

const SECTIONS = [
  { id: 'coders', label: 'Coders', render: () => <CodersPanel /> },
  { id: 'compare', label: 'Side by side', render: () => <ComparePanel /> },
  { id: 'merge', label: 'Merge', render: () => <MergePanel /> },
  { id: 'agreement', label: 'Agreement', render: () => <AgreementPanel /> },
  { id: 'consensus', label: 'Consensus', render: () => <ConsensusPanel /> },
  { id: 'calculator', label: 'Reliability calculator', render: () => <CalculatorPanel /> },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

export function TeamView() {
  const loadTeam = useAppStore((s) => s.loadTeam);
  const consensusOpen = useAppStore((s) => s.consensus !== null);
  const [section, setSection] = useState<SectionId>(consensusOpen ? 'consensus' : 'coders');
  useEffect(() => {
    void loadTeam();
  }, [loadTeam]);
  const current = SECTIONS.find((s) => s.id === section)!;
  return (
    <div className="team-view">
      <nav className="team-nav" aria-label="Team sections">
        {SECTIONS.map((s) => (
          <button key={s.id} type="button" aria-pressed={s.id === section} onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </nav>
      <div className="team-body">{current.render()}</div>
    </div>
  );
}

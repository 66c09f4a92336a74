import type { Rag } from '../../api/types.ts';
import './rag-badge.css';

const WORDS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const ICONS: Record<Rag, string> = { red: '✖', amber: '▲', green: '✔' };

/** RAG as colour, word and icon: never colour alone. */
export function RagBadge({ rag, label }: { rag: Rag; label?: string }) {
  return (
    <span class={`rag rag--${rag}`}>
      <span class="rag__icon" aria-hidden="true">{ICONS[rag]}</span>
      {label ?? WORDS[rag]}
    </span>
  );
}

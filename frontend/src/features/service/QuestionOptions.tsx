import { Radio } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../../i18n';

/** The answer options of one question, exactly those the question allows ("Ikke mulig" only where allowed). */
export function QuestionOptions({ questionId, options, value, disabled = false, onChoose }: {
  questionId: string;
  options: readonly string[];
  value: string | null | undefined;
  disabled?: boolean;
  onChoose: (option: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="egk-row">
      {options.map((o) => (
        <Radio key={o} name={`q-${questionId}`} value={o} label={t(`common.option.${o}` as MessageKey)} checked={value === o} disabled={disabled}
          onChange={() => onChoose(o)} />
      ))}
    </div>
  );
}

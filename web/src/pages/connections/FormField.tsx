import { useContext, useId, type InputHTMLAttributes } from 'react';
import { FormErrorContext } from './form-error';

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** The form's error is about this field: it points at it and is invalid while it is shown. */
  showsFormError?: boolean;
}

export function FormField({
  label,
  value,
  onChange,
  hint,
  showsFormError = false,
  ...input
}: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const formError = useContext(FormErrorContext);
  const errorId = showsFormError ? formError : null;
  const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        value={value}
        aria-describedby={describedBy || undefined}
        aria-invalid={errorId ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

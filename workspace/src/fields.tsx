import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type CommandForm, type CommandFormOptions, useCommandForm } from './forms.js';
import type { Language, Translate } from './i18n.js';

// Declarative command forms for the ministry's screens (docs/adr/0075-ministry-screens.md): a form
// is its fields (each named by the RFC 6901 pointer the route's schema and the API's problem
// details use for it) and how the typed text becomes the body. The body is checked by the route's
// own schema (useCommandForm), and a refusal is shown at the field it names, as every form of the
// workspace does. New file, so the shared form library (forms.ts) is unchanged.

export interface FieldSpec {
  /** The draft's key. */
  readonly name: string;
  /** Where a problem about it points (`/body/deadline`). */
  readonly pointer: string;
  readonly label: string;
  readonly type?: 'text' | 'number' | 'date' | 'datetime-local' | 'select';
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /** A hint under the label (e.g. how to separate a list). */
  readonly hint?: string;
}

export type Draft = Readonly<Record<string, string>>;

/** A datetime-local value (read as UTC) as the API's instant, or undefined when empty or not a date. */
export const instantOf = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** An integer field's value: undefined when empty (the schema says it is required), else the number typed. */
export const integerOf = (value: string | undefined): number | undefined =>
  value === undefined || value.trim() === '' ? undefined : Number(value.trim());

/** A list typed with commas or spaces between its items. */
export const listOf = (value: string | undefined): string[] =>
  (value ?? '').split(/[\s,،]+/).filter((item) => item !== '');

/** Bilingual text from two fields; undefined when both are empty (an optional reason left out). */
export const bilingualOf = (fr: string | undefined, ar: string | undefined) =>
  (fr ?? '').trim() === '' && (ar ?? '').trim() === ''
    ? undefined
    : { fr: (fr ?? '').trim(), ar: (ar ?? '').trim() };

/** The message for a field: at its pointer, or at the first pointer under it (`/body/regions/1`). */
const errorOf = (form: CommandForm, pointer: string): string | undefined =>
  form.fields[pointer] ?? Object.entries(form.fields).find(([key]) => key.startsWith(`${pointer}/`))?.[1];

export const Field = ({
  id,
  spec,
  value,
  form,
  onInput,
}: {
  readonly id: string;
  readonly spec: FieldSpec;
  readonly value: string;
  readonly form: CommandForm;
  readonly onInput: (value: string) => void;
}) => {
  const error = errorOf(form, spec.pointer);
  const inputId = `${id}-${spec.name}`;
  const described = [
    spec.hint === undefined ? '' : `${inputId}-hint`,
    error === undefined ? '' : `${inputId}-error`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  const common = {
    id: inputId,
    name: spec.pointer,
    'aria-invalid': error === undefined ? undefined : ('true' as const),
    'aria-describedby': described === '' ? undefined : described,
  };
  return (
    <div class="field">
      <label for={inputId}>{spec.label}</label>
      {spec.hint === undefined ? null : (
        <span class="muted" id={`${inputId}-hint`}>
          {spec.hint}
        </span>
      )}
      {spec.type === 'select' ? (
        <select
          {...common}
          value={value}
          onChange={(event) => onInput((event.target as HTMLSelectElement).value)}
        >
          {(spec.options ?? []).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={(spec.type === 'datetime-local' || spec.type === 'date' ? spec.type : 'text') as 'text'}
          inputMode={spec.type === 'number' ? 'numeric' : undefined}
          value={value}
          autocomplete="off"
          onInput={(event) => onInput((event.target as HTMLInputElement).value)}
        />
      )}
      {error === undefined ? null : (
        <span class="field-error" id={`${inputId}-error`}>
          {error}
        </span>
      )}
    </div>
  );
};

/** What the API (or the route's schema) answered a form: accepted as a status, refused as an alert. */
/**
 * A labelled text input whose message (from the route's schema or the API's problem, in `fields`
 * at its pointer) sits under it. Text in a language of its own (`lang`) runs in that language's
 * direction, unless `dir` says to follow what is typed.
 */
export const TextField = ({
  id,
  label,
  pointer,
  fields,
  value,
  onInput,
  list,
  lang,
  dir,
  type = 'text',
}: {
  readonly id: string;
  readonly label: string;
  readonly pointer: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly list?: string;
  readonly lang?: Language;
  readonly dir?: 'auto';
  /** A date or an instant typed in the browser's own picker; text by default. */
  readonly type?: 'text' | 'date' | 'datetime-local';
}) => {
  const error = fields[pointer];
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type={type as 'text'}
        name={pointer}
        value={value}
        autocomplete="off"
        {...(list === undefined ? {} : { list })}
        {...(lang === undefined ? {} : { lang, dir: dir ?? (lang === 'ar' ? 'rtl' : 'ltr') })}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
        onInput={(event) => onInput((event.target as HTMLInputElement).value)}
      />
      {error === undefined ? null : (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
};

export const FormMessage = ({ form }: { readonly form: Pick<CommandForm, 'accepted' | 'message'> }) =>
  form.message === undefined ? null : (
    <p
      class={form.accepted ? 'form-message accepted' : 'form-message'}
      role={form.accepted ? 'status' : 'alert'}
    >
      {form.message}
    </p>
  );

export interface CommandCardProps extends CommandFormOptions {
  /** The form's id, unique on the page; each input is `<id>-<field name>`. */
  readonly id: string;
  readonly fields: readonly FieldSpec[];
  readonly initial?: Draft;
  /** The body sent, from what was typed; undefined sends no body. */
  readonly toBody: (draft: Draft) => unknown;
  readonly submitLabel: string;
  /** The command's path from what was typed, when a field is part of it (a `/params/…` pointer). */
  readonly pathOf?: (draft: Draft) => string;
  readonly children?: ComponentChildren;
  readonly t: Translate;
}

/** A form sending one command, its fields drawn from their specs, its refusals at their fields. */
export const CommandCard = (props: CommandCardProps) => {
  const [draft, setDraft] = useState<Draft>(props.initial ?? {});
  const form = useCommandForm(props.pathOf === undefined ? props : { ...props, path: props.pathOf(draft) });
  return (
    <form
      class="scores"
      id={props.id}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(props.toBody(draft));
      }}
    >
      {props.children}
      {props.fields.map((spec) => (
        <Field
          key={spec.name}
          id={props.id}
          spec={spec}
          value={draft[spec.name] ?? ''}
          form={form}
          onInput={(value) => setDraft({ ...draft, [spec.name]: value })}
        />
      ))}
      <button type="submit" disabled={form.busy}>
        {props.submitLabel}
      </button>
      <FormMessage form={form} />
    </form>
  );
};

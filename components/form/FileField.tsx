/**
 * A native file input. Browsers never keep chosen files across a re-render, so when the form
 * comes back with errors the field says so. The form needs `enctype="multipart/form-data"`.
 */
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export interface FileFieldProps extends FieldProps {
  multiple?: boolean;
  /** e.g. ".pdf,.docx,.odt,.txt,.png,.jpg,application/pdf". */
  accept?: string;
}

export function FileField(props: FileFieldProps) {
  const formHasErrors = (props.errors?.length ?? 0) > 0;
  const hint = formHasErrors
    ? (
      <>
        {props.hint}
        {props.hint && " "}
        <strong>{props.t("layout.form.filesAgain")}</strong>
      </>
    )
    : props.hint;
  const withHint = { ...props, hint };
  const parts = fieldParts(withHint);
  return (
    <Field props={withHint} parts={parts}>
      <div class="form-file" data-invalid={parts.error ? "true" : undefined}>
        <input
          id={parts.id}
          name={props.name}
          type="file"
          multiple={props.multiple}
          accept={props.accept}
          disabled={props.disabled}
          {...parts.aria}
        />
      </div>
    </Field>
  );
}

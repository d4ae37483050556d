/** Form building blocks: server-rendered, working without JavaScript, gov design system. */
export { errorFor, errorMessage, fieldId } from "./field.tsx";
export type { FieldProps } from "./field.tsx";
export { TextField } from "./TextField.tsx";
export type { TextFieldProps, TextFieldType } from "./TextField.tsx";
export { TextArea } from "./TextArea.tsx";
export type { TextAreaProps } from "./TextArea.tsx";
export { Select } from "./Select.tsx";
export type { SelectOption, SelectProps } from "./Select.tsx";
export { FileField } from "./FileField.tsx";
export type { FileFieldProps } from "./FileField.tsx";
export { ErrorSummary } from "./ErrorSummary.tsx";
export type { ErrorSummaryProps } from "./ErrorSummary.tsx";
export { CsrfField } from "./CsrfField.tsx";
export { IdempotencyField } from "./IdempotencyField.tsx";
export { SubmitButton } from "./SubmitButton.tsx";
export type { SubmitButtonProps } from "./SubmitButton.tsx";
export { withErrorMessages } from "./messages.ts";

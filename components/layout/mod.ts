/** Page furniture shared by every route. */
export { SiteHeader } from "./SiteHeader.tsx";
export type { SiteHeaderProps } from "./SiteHeader.tsx";
export { SiteFooter } from "./SiteFooter.tsx";
export type { SiteFooterProps } from "./SiteFooter.tsx";
export { PageHeading } from "./PageHeading.tsx";
export type { PageHeadingProps } from "./PageHeading.tsx";
export { DocumentTitle, documentTitle } from "./DocumentTitle.tsx";
export { Breadcrumbs } from "./Breadcrumbs.tsx";
export type { Crumb } from "./Breadcrumbs.tsx";
export { Pagination } from "./Pagination.tsx";
export type { PaginationProps } from "./Pagination.tsx";
export { Alert, Notice } from "./Notice.tsx";
export type { NoticeProps, NoticeType } from "./Notice.tsx";
export { DataTable } from "./DataTable.tsx";
export type { DataColumn, DataTableProps } from "./DataTable.tsx";

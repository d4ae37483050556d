/** The clerk lists' kit: search and filter form, state counts, export links (lib/web/list_query.ts). */
export { ListSearch } from "./ListSearch.tsx";
export type { ListField, ListSearchProps } from "./ListSearch.tsx";
export { StateCounts } from "./StateCounts.tsx";
export type { StateCount, StateCountsProps } from "./StateCounts.tsx";
export { ExportLinks } from "./ExportLinks.tsx";
export { Pagination } from "../layout/Pagination.tsx";

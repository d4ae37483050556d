import { define } from "../../define.ts";

export default define.page(({ params, route }) => <p>slug "{params.slug}" route {route}</p>);

import { peperLocalModule } from "./PeperLocal.ts";

/** Local chain B: everything of PeperLocal.ts, with bridged PEPER instead of PEPER's home token. */
export default peperLocalModule("remote");

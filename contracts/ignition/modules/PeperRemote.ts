import { peperModule } from "./Peper.ts";

/** Everything Peper deploys on a public chain other than PEPER's home (see Peper.ts). */
export default peperModule("remote");

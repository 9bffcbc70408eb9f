/** Small JSON helpers shared by the data readers (JSON Lines with line-numbered errors). */
package io.palr.io.json;

package io.palr.spark.prep;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Column names and schemas shared by the preparation steps and their Parquet output. */
final class Rows {
  private Rows() {}

  // where a row came from: file, start of the file block, and a per-task increasing id; ordering
  // by the three is file order (see docs/spark.md)
  static final String FILE = "_file";
  static final String BLOCK = "_block";
  static final String SEQ = "_seq";
  static final String ERROR = "_error";

  static final String USER = "user_id";
  static final String ITEM = "item_id";
  static final String TS = "timestamp";
  static final String RATING = "rating";

  static final StructType PARSED_INTERACTIONS =
      new StructType()
          .add(USER, DataTypes.StringType)
          .add(ITEM, DataTypes.StringType)
          .add(TS, DataTypes.LongType)
          .add(RATING, DataTypes.FloatType)
          .add(FILE, DataTypes.StringType)
          .add(BLOCK, DataTypes.LongType)
          .add(SEQ, DataTypes.LongType)
          .add(ERROR, DataTypes.StringType);

  static final StructType PARSED_ITEMS =
      new StructType()
          .add(ITEM, DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("genres", DataTypes.createArrayType(DataTypes.StringType))
          .add("brand", DataTypes.StringType)
          .add("year", DataTypes.IntegerType)
          .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add(FILE, DataTypes.StringType)
          .add(BLOCK, DataTypes.LongType)
          .add(SEQ, DataTypes.LongType)
          .add(ERROR, DataTypes.StringType);
}

package io.berth.oci.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.berth.oci.errors.BerthException;

/** Jackson (de)serializers for {@link JsonOptional} components, and null-normalising helpers. */
final class OptionalJson {
  private OptionalJson() {}

  /** Writes the contained value; reports an empty Optional as "empty" so NON_EMPTY leaves it out. */
  public static final class Writer extends StdSerializer<Optional<?>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Writer() { super((Class) Optional.class); }

    @Override
    public boolean isEmpty(SerializerProvider provider, Optional<?> value) {
      return value == null || value.isEmpty();
    }

    @Override
    public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.isPresent()) provider.defaultSerializeValue(value.get(), gen);
      else gen.writeNull();
    }
  }

  /** Reads the contained type taken from the declared {@code Optional<T>} of the property. */
  public static final class Reader extends JsonDeserializer<Optional<?>> implements ContextualDeserializer {
    private final JavaType contained;

    public Reader() { this(null); }

    private Reader(JavaType contained) { this.contained = contained; }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
      JavaType type = property != null ? property.getType() : ctxt.getContextualType();
      return new Reader(type.containedTypeOrUnknown(0));
    }

    @Override
    public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (contained == null) throw new IllegalStateException("optional reader used without context");
      return Optional.ofNullable(ctxt.readValue(p, contained));
    }

    @Override
    public Optional<?> getNullValue(DeserializationContext ctxt) { return Optional.empty(); }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) { return Optional.empty(); }

    @Override
    public Object getEmptyValue(DeserializationContext ctxt) { return Optional.empty(); }
  }

  static <T> Optional<T> opt(Optional<T> value) { return value == null ? Optional.empty() : value; }

  static <T> List<T> list(List<T> value) { return value == null ? List.of() : List.copyOf(value); }

  static <K, V> Map<K, V> map(Map<K, V> value) { return value == null ? Map.of() : Map.copyOf(value); }

  static String required(String value, String what) {
    if (value == null || value.isEmpty()) throw BerthException.invalid("%s is required", what);
    return value;
  }
}

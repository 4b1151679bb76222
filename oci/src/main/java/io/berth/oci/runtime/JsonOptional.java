package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code Optional} record component: written as its value when present, left out when empty
 * (the records carry {@code @JsonInclude(NON_EMPTY)}), read back as {@code Optional.empty()} when the
 * property is missing or null. Explicit so the records work with or without Jackson's jdk8 module.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonSerialize(using = OptionalJson.Writer.class)
@JsonDeserialize(using = OptionalJson.Reader.class)
@interface JsonOptional {}

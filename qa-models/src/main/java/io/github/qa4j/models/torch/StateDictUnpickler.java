package io.github.qa4j.models.torch;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the {@code data.pkl} of a {@code torch.save} archive whose object is a state dict: a dict
 * from names to tensors.
 *
 * <p>This is not a general unpickler. It knows the opcodes that {@code torch.save} emits for such a
 * dict (protocol 2, and the framing and memo opcodes of protocol 4) and a fixed set of globals,
 * each of which it interprets itself: {@code collections.OrderedDict} (an empty dict), {@code
 * torch._utils._rebuild_tensor_v2} and {@code _rebuild_parameter} (a {@link TensorView}), and the
 * storage classes ({@code torch.FloatStorage}, ...), which only name an element type. Anything else
 * is refused with an error that names the opcode or the global; nothing in the file is ever
 * executed or looked up by name.
 */
final class StateDictUnpickler {

  // Opcodes, as pickletools names them.
  private static final int MARK = '(';
  private static final int STOP = '.';
  private static final int NONE = 'N';
  private static final int BININT = 'J';
  private static final int BININT1 = 'K';
  private static final int BININT2 = 'M';
  private static final int BINUNICODE = 'X';
  private static final int GLOBAL = 'c';
  private static final int REDUCE = 'R';
  private static final int BUILD = 'b';
  private static final int BINPERSID = 'Q';
  private static final int EMPTY_DICT = '}';
  private static final int EMPTY_TUPLE = ')';
  private static final int TUPLE = 't';
  private static final int SETITEM = 's';
  private static final int SETITEMS = 'u';
  private static final int BINGET = 'h';
  private static final int LONG_BINGET = 'j';
  private static final int BINPUT = 'q';
  private static final int LONG_BINPUT = 'r';
  private static final int PROTO = 0x80;
  private static final int TUPLE1 = 0x85;
  private static final int TUPLE2 = 0x86;
  private static final int TUPLE3 = 0x87;
  private static final int NEWTRUE = 0x88;
  private static final int NEWFALSE = 0x89;
  private static final int LONG1 = 0x8a;
  private static final int SHORT_BINUNICODE = 0x8c;
  private static final int BINUNICODE8 = 0x8d;
  private static final int STACK_GLOBAL = 0x93;
  private static final int MEMOIZE = 0x94;
  private static final int FRAME = 0x95;

  private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
  private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
  private static final String ORDERED_DICT = "collections.OrderedDict";

  /** The storage classes a state dict may name, by their qualified name. */
  private static final Map<String, DataType> STORAGE_TYPES =
      Map.of(
          "torch.FloatStorage", DataType.FLOAT32,
          "torch.HalfStorage", DataType.FLOAT16,
          "torch.BFloat16Storage", DataType.BFLOAT16,
          "torch.DoubleStorage", DataType.FLOAT64,
          "torch.LongStorage", DataType.INT64,
          "torch.IntStorage", DataType.INT32);

  /** A global the pickle named; only the ones above are ever created. */
  private record Global(String qualifiedName) {}

  private final String source;
  private final ByteBuffer in;
  private final List<Object> stack = new ArrayList<>();

  /** Stack heights at each open MARK, innermost first. */
  private final Deque<Integer> marks = new ArrayDeque<>();

  private final Map<Long, Object> memo = new HashMap<>();
  private final Map<String, StorageRef> storages = new HashMap<>();

  private StateDictUnpickler(byte[] pickle, String source) {
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    this.source = source;
  }

  /**
   * The tensors of a state dict pickle, in the dict's order.
   *
   * @param pickle the bytes of {@code data.pkl}
   * @param source the file and entry, for messages
   * @throws IOException naming {@code source} and the reason when the pickle is malformed or is not
   *     a state dict of tensors
   */
  static Map<String, TensorView> read(byte[] pickle, String source) throws IOException {
    try {
      return new StateDictUnpickler(pickle, source).run();
    } catch (java.nio.BufferUnderflowException e) {
      throw new IOException(source + ": the pickle ends before its STOP opcode", e);
    }
  }

  private Map<String, TensorView> run() throws IOException {
    while (true) {
      int position = in.position();
      int op = in.get() & 0xff;
      switch (op) {
        case PROTO -> {
          int version = in.get() & 0xff;
          if (version > 5) {
            throw error(position, "pickle protocol " + version + " is not known");
          }
        }
        case FRAME -> in.getLong(); // frames only group bytes; the content follows inline
        case STOP -> {
          return stateDict(pop(position));
        }
        case MARK -> marks.push(stack.size());
        case NONE -> stack.add(null);
        case NEWTRUE -> stack.add(Boolean.TRUE);
        case NEWFALSE -> stack.add(Boolean.FALSE);
        case BININT -> stack.add((long) in.getInt());
        case BININT1 -> stack.add((long) (in.get() & 0xff));
        case BININT2 -> stack.add((long) (in.getShort() & 0xffff));
        case LONG1 -> stack.add(long1(position));
        case BINUNICODE -> stack.add(utf8(position, Integer.toUnsignedLong(in.getInt())));
        case SHORT_BINUNICODE -> stack.add(utf8(position, in.get() & 0xff));
        case BINUNICODE8 -> stack.add(utf8(position, in.getLong()));
        case EMPTY_DICT -> stack.add(new LinkedHashMap<Object, Object>());
        case EMPTY_TUPLE -> stack.add(List.of());
        case TUPLE -> stack.add(tuple(popMark(position)));
        case TUPLE1, TUPLE2, TUPLE3 -> stack.add(tuple(popTop(position, op - TUPLE1 + 1)));
        case GLOBAL -> stack.add(global(position, line(position), line(position)));
        case STACK_GLOBAL -> {
          Object name = pop(position);
          Object module = pop(position);
          if (!(module instanceof String m && name instanceof String n)) {
            throw error(position, "STACK_GLOBAL needs two strings");
          }
          stack.add(global(position, m, n));
        }
        case BINPERSID -> stack.add(storage(position, pop(position)));
        case REDUCE -> {
          Object args = pop(position);
          Object callable = pop(position);
          stack.add(reduce(position, callable, args));
        }
        case BUILD -> build(position, pop(position), peek(position));
        case SETITEM -> {
          Object value = pop(position);
          Object key = pop(position);
          dict(position, peek(position)).put(key(position, key), value);
        }
        case SETITEMS -> {
          List<Object> items = popMark(position);
          if (items.size() % 2 != 0) {
            throw error(position, "SETITEMS with an odd number of items");
          }
          Map<Object, Object> target = dict(position, peek(position));
          for (int i = 0; i < items.size(); i += 2) {
            target.put(key(position, items.get(i)), items.get(i + 1));
          }
        }
        case BINPUT -> memo.put((long) (in.get() & 0xff), peek(position));
        case LONG_BINPUT -> memo.put(Integer.toUnsignedLong(in.getInt()), peek(position));
        case MEMOIZE -> memo.put((long) memo.size(), peek(position));
        case BINGET -> stack.add(memoGet(position, in.get() & 0xff));
        case LONG_BINGET -> stack.add(memoGet(position, Integer.toUnsignedLong(in.getInt())));
        default ->
            throw error(
                position,
                String.format(
                    "pickle opcode 0x%02x is not one a state dict of tensors uses; refused", op));
      }
    }
  }

  private Object global(int position, String module, String name) throws IOException {
    String qualified = module + "." + name;
    if (qualified.equals(ORDERED_DICT)
        || qualified.equals(REBUILD_TENSOR)
        || qualified.equals(REBUILD_PARAMETER)
        || STORAGE_TYPES.containsKey(qualified)) {
      return new Global(qualified);
    }
    throw error(
        position,
        "the pickle asks for global '"
            + qualified
            + "', which is not part of a state dict of tensors; refused (nothing was executed)");
  }

  private Object reduce(int position, Object callable, Object args) throws IOException {
    if (!(callable instanceof Global g)) {
      throw error(position, "REDUCE on " + describe(callable) + ", not an allowed global");
    }
    if (!(args instanceof List<?> a)) {
      throw error(position, g.qualifiedName() + " called without an argument tuple");
    }
    switch (g.qualifiedName()) {
      case ORDERED_DICT -> {
        if (!a.isEmpty()) {
          throw error(position, ORDERED_DICT + " with arguments; only an empty one is allowed");
        }
        return new LinkedHashMap<Object, Object>();
      }
      case REBUILD_TENSOR -> {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.size() != 6 && a.size() != 7) {
          throw error(position, REBUILD_TENSOR + " with " + a.size() + " arguments");
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
          throw error(position, REBUILD_TENSOR + ": the first argument is not a storage");
        }
        long offset = longValue(position, a.get(1), "storage offset");
        long[] shape = longs(position, a.get(2), "size");
        long[] stride = longs(position, a.get(3), "stride");
        if (shape.length != stride.length) {
          throw error(position, "size and stride have different lengths");
        }
        requireEmptyHooks(position, a.get(5));
        if (a.size() == 7 && !isEmptyMetadata(a.get(6))) {
          throw error(position, "tensor metadata (Python attributes on a tensor) is not supported");
        }
        return new TensorView(storage, offset, shape, stride);
      }
      case REBUILD_PARAMETER -> {
        // (data, requires_grad, backward_hooks)
        if (a.size() != 3 || !(a.get(0) instanceof TensorView data)) {
          throw error(position, REBUILD_PARAMETER + " needs (tensor, requires_grad, hooks)");
        }
        requireEmptyHooks(position, a.get(2));
        return data;
      }
      default -> throw error(position, g.qualifiedName() + " cannot be called");
    }
  }

  private StorageRef storage(int position, Object pid) throws IOException {
    // torch's persistent id: ('storage', storage class, key, location, number of elements)
    if (!(pid instanceof List<?> t)
        || t.size() != 5
        || !"storage".equals(t.get(0))
        || !(t.get(1) instanceof Global type)
        || !(t.get(2) instanceof String key)
        || !(t.get(3) instanceof String)) {
      throw error(position, "persistent id " + describe(pid) + " is not a torch storage reference");
    }
    DataType dataType = STORAGE_TYPES.get(type.qualifiedName());
    if (dataType == null) {
      throw error(position, type.qualifiedName() + " is not a storage class");
    }
    long elements = longValue(position, t.get(4), "storage size");
    if (elements < 0) {
      throw error(position, "storage '" + key + "' has negative size " + elements);
    }
    StorageRef ref = new StorageRef(key, dataType, elements);
    StorageRef earlier = storages.putIfAbsent(key, ref);
    if (earlier != null && !earlier.equals(ref)) {
      throw error(position, "storage '" + key + "' is described twice differently");
    }
    return ref;
  }

  private void build(int position, Object state, Object target) throws IOException {
    // An OrderedDict from state_dict() carries its '_metadata' (module versions) as state.
    if (target instanceof Map<?, ?> && state instanceof Map<?, ?> attributes) {
      for (Object attribute : attributes.keySet()) {
        if (!"_metadata".equals(attribute)) {
          throw error(
              position, "a dict with attribute '" + attribute + "'; only _metadata is read");
        }
      }
      return;
    }
    throw error(position, "BUILD of something other than a state dict's metadata");
  }

  private Map<String, TensorView> stateDict(Object top) throws IOException {
    if (!(top instanceof Map<?, ?> map)) {
      throw new IOException(source + ": the pickle holds no dict but " + describe(top));
    }
    Map<String, TensorView> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        throw new IOException(
            source + ": a state dict key is " + describe(e.getKey()) + ", not a string");
      }
      if (!(e.getValue() instanceof TensorView view)) {
        throw new IOException(
            source + ": entry '" + name + "' is not a tensor but " + describe(e.getValue()));
      }
      out.put(name, view);
    }
    return out;
  }

  /**
   * A short description for messages; containers are not printed, as a crafted pickle can make them
   * contain themselves.
   */
  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof String || o instanceof Long || o instanceof Boolean) {
      return o.getClass().getSimpleName() + " " + o;
    }
    if (o instanceof Global g) {
      return g.qualifiedName();
    }
    if (o instanceof StorageRef s) {
      return "storage '" + s.key() + "'";
    }
    return o instanceof Map<?, ?> ? "a dict" : o instanceof List<?> ? "a tuple" : "a tensor";
  }

  /** Dict keys must be plain values: a container key could hash itself forever. */
  private Object key(int position, Object key) throws IOException {
    if (key instanceof String || key instanceof Long) {
      return key;
    }
    throw error(
        position, "a dict key is " + describe(key) + "; only strings and integers are read");
  }

  private void requireEmptyHooks(int position, Object hooks) throws IOException {
    if (!(hooks instanceof Map<?, ?> m) || !m.isEmpty()) {
      throw error(position, "a tensor with backward hooks; a state dict has none");
    }
  }

  private static boolean isEmptyMetadata(Object metadata) {
    return metadata == null || (metadata instanceof Map<?, ?> m && m.isEmpty());
  }

  private long[] longs(int position, Object tuple, String what) throws IOException {
    if (!(tuple instanceof List<?> list)) {
      throw error(position, what + " is " + describe(tuple) + ", not a tuple");
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longValue(position, list.get(i), what);
      if (out[i] < 0) {
        throw error(position, what + " has a negative entry " + out[i]);
      }
    }
    return out;
  }

  private long longValue(int position, Object o, String what) throws IOException {
    if (o instanceof Long l) {
      return l;
    }
    throw error(position, what + " is " + describe(o) + ", not an integer");
  }

  private Map<Object, Object> dict(int position, Object o) throws IOException {
    if (o instanceof LinkedHashMap<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> map = (Map<Object, Object>) o;
      return map;
    }
    throw error(position, "SETITEM(S) on something that is not a dict: " + describe(o));
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  private long long1(int position) throws IOException {
    int n = in.get() & 0xff;
    if (n > 8) {
      throw error(position, "an integer of " + n + " bytes does not fit 64 bits");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (in.get() & 0xff) << (8 * i);
    }
    // Two's complement of n bytes: extend the sign of the top byte.
    return n == 0 || n == 8 ? v : (v << (64 - 8 * n)) >> (64 - 8 * n);
  }

  private String utf8(int position, long length) throws IOException {
    if (length < 0 || length > in.remaining()) {
      throw error(position, "a string of " + length + " bytes runs past the end of the pickle");
    }
    ByteBuffer bytes = in.slice().limit((int) length);
    in.position(in.position() + (int) length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw error(position, "a string is not valid UTF-8");
    }
  }

  /** A newline-terminated ASCII line, as GLOBAL's module and name are written. */
  private String line(int position) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.get() & 0xff;
      if (b == '\n') {
        return sb.toString();
      }
      if (b < 0x20 || b > 0x7e || sb.length() > 256) {
        throw error(position, "GLOBAL has a malformed module or name");
      }
      sb.append((char) b);
    }
  }

  private Object memoGet(int position, long index) throws IOException {
    if (!memo.containsKey(index)) {
      throw error(position, "memo entry " + index + " is read before it is written");
    }
    return memo.get(index);
  }

  private Object pop(int position) throws IOException {
    if (stack.size() <= (marks.isEmpty() ? 0 : marks.peek())) {
      throw error(position, "the pickle's stack is empty");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(int position) throws IOException {
    if (stack.isEmpty()) {
      throw error(position, "the pickle's stack is empty");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark(int position) throws IOException {
    if (marks.isEmpty()) {
      throw error(position, "no MARK to pop to");
    }
    int mark = marks.pop();
    List<Object> top = new ArrayList<>(stack.subList(mark, stack.size()));
    stack.subList(mark, stack.size()).clear();
    return top;
  }

  private List<Object> popTop(int position, int n) throws IOException {
    int floor = marks.isEmpty() ? 0 : marks.peek();
    if (stack.size() - n < floor) {
      throw error(position, "the pickle's stack has fewer than " + n + " items");
    }
    List<Object> top = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
    stack.subList(stack.size() - n, stack.size()).clear();
    return top;
  }

  private IOException error(int position, String problem) {
    return new IOException(source + " at byte " + position + ": " + problem);
  }
}
